/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nb-template.h"

G_BEGIN_DECLS

typedef enum
{
  NB_RULE_SUM,       /* total = Σ parts */
  NB_RULE_BALANCE,   /* Σ left = Σ right */
  NB_RULE_LE,        /* Σ left ≤ Σ right */
  NB_RULE_PREVIOUS,  /* cell = previous + Σ plus − Σ minus (last year's report) */
  NB_RULE_VALID,     /* every value fits its cell kind (R5) */
  NB_RULE_BLANK,     /* no blank cells (R6), one instance per row */
  NB_RULE_PROSE,     /* numbers quoted in prose match the tables (TX) */
  NB_RULE_UNUSUAL,   /* any of left > 0 while all of right = 0 (S1) */
  NB_RULE_META,      /* a 基本信息 field the title or signature needs (M1, M2) */
  NB_RULE_WRITTEN,   /* prose sections that must have text (P1) */
  NB_RULE_FORM,      /* the form is the one of the report's year (F1) */
} NbRuleKind;

typedef struct
{
  int     target;        /* cell index, or -1 */
  guint  *left;          /* parts / left side / plus */
  guint   n_left;
  guint  *right;         /* right side / minus */
  guint   n_right;
  char   *previous_id;   /* cell id in last year's report (NB_RULE_PREVIOUS) */
  char   *label;         /* the row, column or group this instance is about */
  char   *section_id;
} NbRuleInstance;

typedef struct
{
  GRegex  *regex;
  guint   *cells;        /* the quoted number must equal the sum of these */
  guint    n_cells;
} NbProsePattern;

typedef struct
{
  char            *id;
  NbSeverity       severity;
  NbRuleKind       kind;
  gboolean         auto_total;
  char            *message;
  char            *description;
  NbRuleInstance  *instances;
  guint            n_instances;
  NbProsePattern  *patterns;
  guint            n_patterns;
  char           **sections;    /* NB_RULE_PROSE, NB_RULE_WRITTEN */
  NbMetaField      meta_field;  /* NB_RULE_META */
} NbRule;

guint          _nb_template_get_n_rules     (NbTemplate *self);
const NbRule  *_nb_template_get_rule        (NbTemplate *self,
                                             guint       index);
const char    *_nb_template_get_cell_caption (NbTemplate *self,
                                              guint       cell);

G_END_DECLS
