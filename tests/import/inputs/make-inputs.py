#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the import test inputs of tests/import/inputs/ (run by hand, output committed).

Each report is described once here (its numbers, prose and the label deviations a
clerk might make) and written in the forms agencies publish: a government web page
(HTML with rowspan/colspan tables), the text a browser copies from such a page (one
cell per line ending " |"), a .docx and a PDF made by LibreOffice from the page, and
the PDF's `pdftotext -layout` text.  The expected cells go to expected-*.json; the
importer's tests compare with them, so they never come from the importer itself.

    ./make-inputs.py            # needs soffice (libreoffice-writer-nogui) and pdftotext

qingshan-2023.nianbao-pdf.layout.txt is the `pdftotext -layout` text of the PDF
Nianbao itself exports from the imported page:

    nianbao --import-text qingshan-2023.html --output q.nianbao
    nianbao --export-pdf q.pdf q.nianbao && pdftotext -layout q.pdf qingshan-2023.nianbao-pdf.layout.txt
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, '..', '..', '..', 'resources', 'templates')
COLS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other']


def load_template(name):
    with open(os.path.join(TEMPLATES, name + '.json'), encoding='utf-8') as f:
        return json.load(f)


def request_values(parts):
    """parts: row id -> six applicant counts; adds totals, （七）总计 and 结转."""
    cells = {}
    result = [0] * 6
    for row, v in parts.items():
        if row.startswith('result.'):
            result = [a + b for a, b in zip(result, v)]
    parts = dict(parts)
    parts['result.total'] = result
    parts['carried_next'] = [n + c - r for n, c, r in
                             zip(parts['new'], parts['carried'], result)]
    assert min(parts['carried_next']) >= 0
    for row, v in parts.items():
        for col, x in zip(COLS, v):
            cells['requests.%s.%s' % (row, col)] = x
        cells['requests.%s.total' % row] = sum(v)
    return cells


def review_values(groups):
    cells = {}
    for g, v in groups.items():
        for col, x in zip(['upheld', 'corrected', 'other', 'pending'], v):
            cells['review.%s.%s' % (g, col)] = x
        cells['review.%s.total' % g] = sum(v)
    return cells


ZERO = [0] * 6

# ---------------------------------------------------------------- 2023, 2021 format
R2023 = {
    'agency': '青山区市场监督管理局',
    'year': 2023,
    'phone': '0472-5123456',
    'address': '青山区钢铁大街8号',
    'postcode': '014030',
    'date': '2024-01-19',
    'cells': {
        'proactive.regulation.issued': 1, 'proactive.regulation.repealed': 0,
        'proactive.regulation.in_force': 3,
        'proactive.normative.issued': 4, 'proactive.normative.repealed': 2,
        'proactive.normative.in_force': 27,
        'proactive.license.decisions': 1532, 'proactive.penalty.decisions': 87,
        'proactive.coercion.decisions': 6, 'proactive.fee.amount': '12.5',
    },
}
R2023['cells'].update(request_values({
    'new': [24, 3, 0, 1, 3, 0], 'carried': [2, 1, 0, 0, 0, 0],
    'result.disclosed': [10, 2, 0, 1, 1, 0], 'result.partial': [3, 0, 0, 0, 0, 0],
    'result.withheld.state_secret': ZERO, 'result.withheld.prohibited': ZERO,
    'result.withheld.security': [1, 0, 0, 0, 0, 0],
    'result.withheld.third_party': [1, 0, 0, 0, 0, 0],
    'result.withheld.internal': ZERO, 'result.withheld.process': [1, 0, 0, 0, 0, 0],
    'result.withheld.enforcement': ZERO, 'result.withheld.inquiry': ZERO,
    'result.unavailable.not_held': [4, 1, 0, 0, 1, 0],
    'result.unavailable.needs_creation': [1, 0, 0, 0, 0, 0],
    'result.unavailable.unclear': ZERO,
    'result.rejected.petition': [1, 0, 0, 0, 0, 0], 'result.rejected.duplicate': ZERO,
    'result.rejected.publication': ZERO, 'result.rejected.excessive': ZERO,
    'result.rejected.confirmation': ZERO,
    'result.other.no_correction': [1, 0, 0, 0, 0, 0], 'result.other.no_fee': ZERO,
    'result.other.other': [0, 1, 0, 0, 0, 0],
}))
R2023['cells'].update(review_values({
    'reconsideration': [2, 1, 0, 0], 'litigation_direct': [1, 0, 0, 1],
    'litigation_after': [0, 0, 1, 0]}))
# A cell the agency left empty: imported blank, never as 0.
R2023_BLANK = 'requests.carried.research'

# Deviations of the published labels from the format (what clerks actually print).
R2023_LABELS = {
    '3.危及“三安全一稳定”': '3.危及"三安全一稳定"',
    '2.没有现成信息需要另行制作': '2.没有现成信息需要另行制做',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请':
        '1、申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请':
        '2、申请人预期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '3.其他': '3、其他',
    '5.属于三类内部事务信息': '5．属于三类内部事务信息',
}

R2023_PROSE = {
    'preamble': [
        '本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制，报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限为2023年1月1日至12月31日。如对本报告有疑问，请与青山区市场监督管理局办公室联系（联系电话：0472-5123456）。',
    ],
    'overview': [
        '2023年，青山区市场监督管理局坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实《条例》和上级关于政务公开工作的部署要求，围绕市场监管中心工作，不断提升政府信息公开的质量和实效，切实保障人民群众的知情权、参与权、表达权和监督权。',
        '（一）主动公开',
        '全年通过区政府门户网站“政府信息公开”专栏主动公开政府信息412条，其中机构职能类信息6条、政策文件类信息31条、行政许可类信息1532条（以汇总表形式公开）、行政处罚类信息87条、抽查检查结果类信息58条、食品安全抽检信息96条。全年制发行政规范性文件4件，废止2件，截至年底现行有效规章和行政规范性文件共30件，均在规定时限内通过门户网站公开。围绕优化营商环境、食品安全、特种设备安全等群众关注的重点领域，发布政策解读12篇，其中图解、视频等多元化解读7篇，让政策“看得懂、用得上”。',
        '（二）依申请公开',
        '本年新收政府信息公开申请31件，上年结转3件，共办结30件，结转下年度继续办理4件。其中予以公开14件，部分公开3件，不予公开3件，无法提供7件，不予处理1件，其他处理2件。所有申请均在法定期限内答复，答复内容均告知申请人救济途径。',
        '（三）政府信息管理',
        '严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。动态更新政府信息公开指南和主动公开目录，对现行有效的行政规范性文件进行全面清理，清理结果及时向社会公布。',
        '（四）政府信息公开平台建设',
        '持续加强区政府门户网站市场监管专栏建设，优化栏目设置，确保信息发布及时、准确、规范。依托“青山市场监管”微信公众号发布信息286条，开展线上政策咨询答复43次，进一步拓宽了政府信息公开渠道。',
        '（五）监督保障',
        '成立由局主要负责同志任组长的政务公开工作领导小组，将政务公开工作纳入年度绩效考核。全年组织政务公开专题培训2次，参训人员96人次。本年度因政府信息公开工作被申请行政复议3件，被提起行政诉讼3件，未发生因政府信息公开工作被追究责任的情况。',
    ],
    'problems': [
        '2023年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读的形式还不够丰富，解读的深度和针对性有待提高；二是基层市场监管所信息公开的及时性和规范性仍需加强；三是依申请公开答复的规范化水平有待进一步提升。',
        '2024年，我局将重点做好以下工作：一是丰富政策解读形式，提高解读质量；二是加强对基层所的业务指导和培训，规范信息发布流程；三是完善依申请公开工作机制，严格执行答复规范，提高答复质量。',
    ],
    'other': [
        '本年度未收取政府信息公开信息处理费。',
        '本年度政务公开工作要点中的各项任务已全部落实完成，落实情况已在门户网站政务公开专栏公开。',
    ],
}

# ---------------------------------------------------------------- 2020, 2019 format
R2020 = {
    'agency': '河西县财政局',
    'year': 2020,
    'phone': '0931-6612345',
    'address': '河西县人民路116号',
    'postcode': '730100',
    'date': '2021-01-28',
    'cells': {
        'proactive.regulation.made': 0, 'proactive.regulation.published': 0,
        'proactive.regulation.public_total': 0,
        'proactive.normative.made': 3, 'proactive.normative.published': 3,
        'proactive.normative.public_total': 19,
        'proactive.license.previous': 5, 'proactive.license.change': -1,
        'proactive.license.decisions': 212,
        'proactive.other_service.previous': 8, 'proactive.other_service.change': 2,
        'proactive.other_service.decisions': 64,
        'proactive.penalty.previous': 2, 'proactive.penalty.change': 0,
        'proactive.penalty.decisions': 4,
        'proactive.coercion.previous': 0, 'proactive.coercion.change': 0,
        'proactive.coercion.decisions': 0,
        'proactive.fee.previous': 3, 'proactive.fee.change': -3,
        'proactive.procurement.items': 57, 'proactive.procurement.amount': '2386.4175',
    },
}
R2020['cells'].update(request_values({
    'new': [9, 2, 0, 0, 1, 0], 'carried': [1, 0, 0, 0, 0, 0],
    'result.disclosed': [5, 1, 0, 0, 1, 0], 'result.partial': [1, 0, 0, 0, 0, 0],
    'result.withheld.state_secret': ZERO, 'result.withheld.prohibited': ZERO,
    'result.withheld.security': ZERO, 'result.withheld.third_party': [1, 0, 0, 0, 0, 0],
    'result.withheld.internal': ZERO, 'result.withheld.process': ZERO,
    'result.withheld.enforcement': ZERO, 'result.withheld.inquiry': ZERO,
    'result.unavailable.not_held': [2, 1, 0, 0, 0, 0],
    'result.unavailable.needs_creation': ZERO, 'result.unavailable.unclear': ZERO,
    'result.rejected.petition': ZERO, 'result.rejected.duplicate': [1, 0, 0, 0, 0, 0],
    'result.rejected.publication': ZERO, 'result.rejected.excessive': ZERO,
    'result.rejected.confirmation': ZERO,
    'result.other': ZERO,
}))
R2020['cells'].update(review_values({
    'reconsideration': [1, 0, 0, 0], 'litigation_direct': [0, 0, 0, 0],
    'litigation_after': [0, 0, 0, 0]}))

R2020_PROSE = {
    'preamble': [
        '本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）要求编制。本报告中使用数据统计期限自2020年1月1日起至2020年12月31日止。',
    ],
    'overview': [
        '2020年，河西县财政局认真贯彻落实新修订的《条例》，以公开为常态、不公开为例外，全面推进财政预决算公开，持续提升政府信息公开工作质量。',
        '（一）主动公开情况',
        '全年主动公开政府信息368条，其中财政预决算信息132条，政府采购信息197条。本年新制作规范性文件3件，新公开3件，对外公开总数量19件。',
        '（二）依申请公开情况',
        '全年共受理政府信息公开申请12件，上年结转1件，全部按期答复，结转下年度继续办理3件。',
    ],
    'problems': [
        '一是预决算公开的细化程度还需提高；二是政策解读的针对性不强。下一步，我局将进一步细化公开内容，丰富解读形式。',
    ],
    'other': [
        '本年度无其他需要报告的事项。',
    ],
}


def label(text, overrides):
    return overrides.get(text, text)


def fmt(v):
    return '' if v is None else str(v)


# ------------------------------------------------------------------------ HTML
TD = ('<td%s style="border:solid windowtext 1.0pt;padding:0 5.4pt" valign="middle"%s>'
      '<p style="text-align:center"><span style="font-family:宋体;font-size:10.5pt">%s</span></p></td>')


def td(text, rowspan=1, colspan=1, width=None):
    attrs = ''
    if rowspan > 1:
        attrs += ' rowspan="%d"' % rowspan
    if colspan > 1:
        attrs += ' colspan="%d"' % colspan
    w = ' width="%d"' % width if width else ''
    return TD % (attrs, w, text if text != '' else '&nbsp;')


def value(report, cid):
    v = report['cells'].get(cid)
    return '' if cid == report.get('blank') else fmt(v)


def html_table(rows, widths):
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600" '
           'style="border-collapse:collapse;border:none;margin:0 auto">']
    out.append('<colgroup>%s</colgroup>' % ''.join('<col width="%d">' % w for w in widths))
    for r in rows:
        out.append('<tr>' + ''.join(r) + '</tr>')
    out.append('</table>')
    return '\n'.join(out)


def proactive_2021(rep):
    c = lambda cid: value(rep, 'proactive.' + cid)
    rows = []
    rows.append([td('第二十条第（一）项', colspan=4)])
    rows.append([td('信息内容'), td('本年制发件数'), td('本年废止件数'), td('现行有效件数')])
    for rid, lab in [('regulation', '规章'), ('normative', '行政规范性文件')]:
        rows.append([td(lab)] + [td(c('%s.%s' % (rid, x))) for x in ['issued', 'repealed', 'in_force']])
    for cap, head, items in [
            ('第二十条第（五）项', '本年处理决定数量', [('license', '行政许可', 'decisions')]),
            ('第二十条第（六）项', '本年处理决定数量',
             [('penalty', '行政处罚', 'decisions'), ('coercion', '行政强制', 'decisions')]),
            ('第二十条第（八）项', '本年收费金额（单位：万元）', [('fee', '行政事业性收费', 'amount')])]:
        rows.append([td(cap, colspan=4)])
        rows.append([td('信息内容'), td(head, colspan=3)])
        for rid, lab, col in items:
            rows.append([td(lab), td(c('%s.%s' % (rid, col)), colspan=3)])
    return html_table(rows, [150, 150, 150, 150])


def proactive_2019(rep):
    c = lambda cid: value(rep, 'proactive.' + cid)
    rows = []
    rows.append([td('第二十条第（一）项', colspan=4)])
    rows.append([td('信息内容'), td('本年新制作数量'), td('本年新公开数量'), td('对外公开总数量')])
    for rid, lab in [('regulation', '规章'), ('normative', '规范性文件')]:
        rows.append([td(lab)] + [td(c('%s.%s' % (rid, x))) for x in ['made', 'published', 'public_total']])
    for cap, items in [('第二十条第（五）项', [('license', '行政许可'), ('other_service', '其他对外管理服务事项')]),
                       ('第二十条第（六）项', [('penalty', '行政处罚'), ('coercion', '行政强制')])]:
        rows.append([td(cap, colspan=4)])
        rows.append([td('信息内容'), td('上一年项目数量'), td('本年增/减'), td('处理决定数量')])
        for rid, lab in items:
            rows.append([td(lab)] + [td(signed(c('%s.%s' % (rid, x)), x))
                                     for x in ['previous', 'change', 'decisions']])
    rows.append([td('第二十条第（八）项', colspan=4)])
    rows.append([td('信息内容'), td('上一年项目数量'), td('本年增/减', colspan=2)])
    rows.append([td('行政事业性收费'), td(c('fee.previous')), td(signed(c('fee.change'), 'change'), colspan=2)])
    rows.append([td('第二十条第（九）项', colspan=4)])
    rows.append([td('信息内容'), td('采购项目数量'), td('采购总金额', colspan=2)])
    rows.append([td('政府集中采购'), td(c('procurement.items')), td(c('procurement.amount'), colspan=2)])
    return html_table(rows, [150, 150, 150, 150])


def signed(text, col):
    # Clerks print increases with a plus sign in 本年增/减.
    if col == 'change' and text not in ('', '0') and not text.startswith('-'):
        return '+' + text
    return text


def request_rows(template, rep, overrides, one_row_six=False):
    """[(labels [(text, rowspan, colspan)], cell row id)] in table order."""
    block = template['tables'][1]['blocks'][0]
    out = []

    def leaves(node, prefix):
        rid = prefix + node['id'] if node.get('id') else prefix
        kids = node.get('children')
        if not kids or (one_row_six and rid == 'result.other'):
            return [(node, rid)]
        res = []
        for k in kids:
            res += leaves(k, rid + '.')
        return res

    for top in block['rows']:
        if not top.get('children'):
            out.append(([(label(top['label'], overrides), 1, 3)], top['id']))
            continue
        mids = top['children']
        first_top = True
        n_top = len(leaves(top, ''))
        for mid in mids:
            sub = leaves(mid, top['id'] + '.')
            first_mid = True
            for node, rid in sub:
                labs = []
                if first_top:
                    labs.append((top['label'], n_top, 1))
                    first_top = False
                if node is mid:
                    labs.append((label(mid['label'], overrides), 1, 2))
                else:
                    if first_mid:
                        labs.append((label(mid['label'], overrides), len(sub), 1))
                    labs.append((label(node['label'], overrides), 1, 1))
                first_mid = False
                out.append((labs, rid))
    return out


def requests_html(template, rep, overrides, one_row_six=False):
    rows = []
    block = template['tables'][1]['blocks'][0]
    rows.append([td(block['corner'], rowspan=3, colspan=3), td('申请人情况', colspan=7)])
    rows.append([td('自然人', rowspan=2), td('法人或其他组织', colspan=5), td('总计', rowspan=2)])
    rows.append([td(x) for x in ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']])
    for labs, rid in request_rows(template, rep, overrides, one_row_six):
        cells = [td(t, rs, cs) for t, rs, cs in labs]
        for col in COLS + ['total']:
            cid = 'requests.%s.%s' % (rid, col)
            if one_row_six and rid == 'result.other':
                v = sum(rep['cells']['requests.result.other.%s.%s' % (k, col)]
                        for k in ['no_correction', 'no_fee', 'other'])
                cells.append(td(str(v)))
            else:
                cells.append(td(value(rep, cid)))
        rows.append(cells)
    return html_table(rows, [40, 60, 160, 50, 50, 50, 50, 50, 50, 40])


def review_html(rep):
    rows = []
    leaves = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    rows.append([td('行政复议', colspan=5), td('行政诉讼', colspan=10)])
    rows.append([td(x, rowspan=2) for x in leaves] +
                [td('未经复议直接起诉', colspan=5), td('复议后起诉', colspan=5)])
    rows.append([td(x) for x in leaves * 2])
    vals = []
    for g in ['reconsideration', 'litigation_direct', 'litigation_after']:
        for col in ['upheld', 'corrected', 'other', 'pending', 'total']:
            vals.append(td(value(rep, 'review.%s.%s' % (g, col))))
    rows.append(vals)
    return html_table(rows, [40] * 15)


def para(text, heading=0):
    if heading == 1:
        return ('<p style="text-indent:2em;line-height:2"><strong><span style="font-family:黑体">'
                '%s</span></strong></p>' % text)
    if heading == 2:
        return ('<p style="text-indent:2em;line-height:2"><span style="font-family:楷体_GB2312">'
                '%s</span></p>' % text)
    return ('<p style="text-indent:2em;line-height:2"><span style="font-family:仿宋_GB2312;'
            'font-size:16px">%s</span></p>' % text)


def prose_html(blocks):
    out = []
    for b in blocks:
        out.append(para(b, 2 if b.startswith('（') and len(b) < 20 else 0))
    return '\n'.join(out)


def page(rep, prose, template, overrides, tables):
    t = template['sections']
    title = '%s%d年政府信息公开工作年度报告' % (rep['agency'], rep['year'])
    y, m, d = rep['date'].split('-')
    date = '%s年%d月%d日' % (y, int(m), int(d))
    body = []
    body.append('<h1 style="text-align:center;font-size:22px">%s</h1>' % title)
    body.append(prose_html(prose['preamble']))
    body.append(para(t[1]['title'], 1))
    body.append(prose_html(prose['overview']))
    body.append(para(t[2]['title'], 1))
    body.append(tables[0])
    body.append(para(t[3]['title'], 1))
    body.append(tables[1])
    body.append(para(t[4]['title'], 1))
    body.append(tables[2])
    body.append(para(t[5]['title'], 1))
    body.append(prose_html(prose['problems']))
    body.append(para(t[6]['title'], 1))
    body.append(prose_html(prose['other']))
    if rep['phone'] not in ''.join(prose['preamble']):
        body.append(para('联系电话：%s' % rep['phone']))
    body.append(para('联系地址：%s' % rep['address']))
    body.append(para('邮政编码：%s' % rep['postcode']))
    body.append('<p style="text-align:right">%s</p>' % rep['agency'])
    body.append('<p style="text-align:right">%s</p>' % date)
    return '''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>%(title)s-%(agency)s</title>
<style>.nav a{margin:0 8px}.footer{font-size:12px;color:#666}</style>
<script>var _hmt = _hmt || [];</script>
</head>
<body>
<div class="header"><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></div></div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article">
<div class="info">发布时间：%(pub)s&nbsp;&nbsp;来源：%(agency)s&nbsp;&nbsp;浏览次数：<span id="hits">1273</span>&nbsp;&nbsp;【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor" id="zoom">
%(body)s
</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
</div>
<div class="footer"><p>主办单位：%(agency)s&nbsp;&nbsp;版权所有&nbsp;&nbsp;网站标识码：1502040012</p>
<p>蒙ICP备05001234号-1&nbsp;&nbsp;蒙公网安备15020402000123号</p></div>
</body>
</html>
''' % {'title': title, 'agency': rep['agency'], 'pub': rep['date'], 'body': '\n'.join(body)}


# ----------------------------------------------------------- web text (" |")
def web_text(rep, prose, template, overrides, one_row_six=False, with_title=True, tabs=False):
    """What a browser copies from a page like the seed's: one cell per line ending
    " |", then as many bare "|" as the row has fewer cells than the table columns.
    With tabs: what Firefox copies, one row per line with its cells between tabs."""
    t = template['sections']
    lines = []
    if with_title:
        lines.append('%s%d年政府信息公开工作年度报告' % (rep['agency'], rep['year']))
    lines += prose['preamble']
    lines.append(t[1]['title'])
    lines += prose['overview']

    def row(cells, ncols):
        if tabs:
            lines.append('\t'.join(cells))
            return
        for x in cells:
            lines.append('%s |' % x)
        if len(cells) < ncols:
            lines.append('|' * (ncols - len(cells)))

    lines.append(t[2]['title'])
    c = lambda cid: value(rep, 'proactive.' + cid)
    row(['第二十条第(一)项'], 4)
    row(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], 4)
    row(['规章', c('regulation.issued'), c('regulation.repealed'), c('regulation.in_force')], 4)
    row(['行政规范性文件', c('normative.issued'), c('normative.repealed'), c('normative.in_force')], 4)
    for cap, head, items in [
            ('第二十条第(五)项', '本年处理决定数量', [('license.decisions', '行政许可')]),
            ('第二十条第(六)项', '本年处理决定数量',
             [('penalty.decisions', '行政处罚'), ('coercion.decisions', '行政强制')]),
            ('第二十条第(八)项', '本年收费金额(单位:万元)', [('fee.amount', '行政事业性收费')])]:
        row([cap], 4)
        row(['信息内容', head], 4)
        for cid, lab in items:
            row([lab, c(cid)], 4)

    lines.append(t[3]['title'])
    block = template['tables'][1]['blocks'][0]
    row([block['corner'].replace('（', '(').replace('）', ')').replace('：', ':').replace('，', ','),
         '申请人情况'], 10)
    row(['自然人', '法人或其他组织', '总计'], 10)
    row(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'], 10)
    for labs, rid in request_rows(template, rep, overrides, one_row_six):
        cells = [x[0].replace('（', '(').replace('）', ')').replace('，', ',') for x in labs]
        for col in COLS + ['total']:
            if one_row_six and rid == 'result.other':
                cells.append(str(sum(rep['cells']['requests.result.other.%s.%s' % (k, col)]
                                     for k in ['no_correction', 'no_fee', 'other'])))
            else:
                cells.append(value(rep, 'requests.%s.%s' % (rid, col)))
        row(cells, 10)

    lines.append(t[4]['title'])
    leaves = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    row(['行政复议', '行政诉讼'], 15)
    row(leaves + ['未经复议直接起诉', '复议后起诉'], 15)
    row(leaves * 2, 15)
    row([value(rep, 'review.%s.%s' % (g, col))
         for g in ['reconsideration', 'litigation_direct', 'litigation_after']
         for col in ['upheld', 'corrected', 'other', 'pending', 'total']], 15)

    lines.append(t[5]['title'])
    lines += prose['problems']
    lines.append(t[6]['title'])
    lines += prose['other']
    lines.append('联系地址:%s' % rep['address'])
    lines.append('邮政编码:%s' % rep['postcode'])
    y, m, d = rep['date'].split('-')
    lines.append(rep['agency'])
    lines.append('%s年%d月%d日' % (y, int(m), int(d)))
    # The copy keeps the page's half-width punctuation, like the seed.
    half = str.maketrans({'，': ',', '：': ':', '；': ';', '（': '(', '）': ')'})
    return '\n'.join(l.translate(half) for l in lines) + '\n'


def expected(rep, template_id, prose, blank=(), extra=None):
    cells = dict(rep['cells'])
    for b in blank:
        cells[b] = None
    if extra:
        cells.update(extra)
    meta = {k: rep[k] for k in ['agency', 'phone', 'address', 'postcode', 'date']}
    meta['year'] = rep['year']
    sections = {k: [{'text': b, 'heading': 2 if b.startswith('（') and len(b) < 20 else 0}
                    for b in v] for k, v in prose.items()}
    return {'template': template_id, 'meta': meta, 'sections': sections, 'cells': cells}


def with_page_numbers(layout, title):
    """A PDF exported with page numbers "— N —" and a running header, as an
    agency's own PDF has: pdftotext puts them between the table rows."""
    pages = layout.split('\f')
    out = []
    for i, page in enumerate(pages):
        if page.strip() == '':
            out.append(page)
            continue
        head = ('%s\n\n' % title) if i > 0 else ''
        out.append(head + page.rstrip('\n') + '\n\n                              — %d —\n' % (i + 1))
    return '\f'.join(out)


def write(name, text, mode='w'):
    with open(os.path.join(HERE, name), mode, encoding=None if 'b' in mode else 'utf-8') as f:
        f.write(text)


def soffice(src, fmt, outdir, profile):
    subprocess.run(['soffice', '-env:UserInstallation=file://' + profile, '--headless',
                    '--convert-to', fmt, '--outdir', outdir, src],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    t21 = load_template('gov-disclosure-2021')
    t19 = load_template('gov-disclosure-2019')

    rep = dict(R2023, blank=R2023_BLANK)
    html = page(rep, R2023_PROSE, t21, R2023_LABELS,
                [proactive_2021(rep), requests_html(t21, rep, R2023_LABELS), review_html(rep)])
    write('qingshan-2023.html', html)
    write('qingshan-2023.txt', web_text(rep, R2023_PROSE, t21, R2023_LABELS))
    write('qingshan-2023.tabs.txt', web_text(rep, R2023_PROSE, t21, R2023_LABELS, tabs=True))
    exp = expected(R2023, 'gov-disclosure-2021', R2023_PROSE, blank=[R2023_BLANK])
    write('qingshan-2023.expected.json', json.dumps(exp, ensure_ascii=False, indent=2) + '\n')

    # 2022 report printing （六）其他处理 as one row (the 2019 layout) in a 2021 table.
    six = dict(R2023, agency='青山区民政局', year=2022, date='2023-01-16')
    six_text = web_text(six, R2023_PROSE, t21, {}, one_row_six=True)
    write('minzheng-2022-one-row-six.txt', six_text)
    write('minzheng-2022-one-row-six.html',
          page(six, R2023_PROSE, t21, {}, [proactive_2021(six), requests_html(t21, six, {}, one_row_six=True),
                                           review_html(six)]))
    extra = {'requests.result.other.other.%s' % col: sum(
        R2023['cells']['requests.result.other.%s.%s' % (k, col)] for k in ['no_correction', 'no_fee', 'other'])
        for col in COLS + ['total']}
    exp = expected(six, 'gov-disclosure-2021', R2023_PROSE, extra=extra,
                   blank=['requests.result.other.%s.%s' % (k, col)
                          for k in ['no_correction', 'no_fee'] for col in COLS + ['total']])
    write('minzheng-2022-one-row-six.expected.json', json.dumps(exp, ensure_ascii=False, indent=2) + '\n')

    rep19 = dict(R2020)
    html19 = page(rep19, R2020_PROSE, t19, {},
                  [proactive_2019(rep19), requests_html(t19, rep19, {}), review_html(rep19)])
    write('hexi-2020.html', html19)
    exp = expected(R2020, 'gov-disclosure-2019', R2020_PROSE)
    write('hexi-2020.expected.json', json.dumps(exp, ensure_ascii=False, indent=2) + '\n')

    if shutil.which('soffice') is None:
        sys.exit('soffice not found: HTML, text and expected files written, .docx/.pdf not')
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, 'profile')
        for name in ['qingshan-2023', 'hexi-2020', 'minzheng-2022-one-row-six']:
            src = os.path.join(tmp, name + '.html')
            shutil.copy(os.path.join(HERE, name + '.html'), src)
            if name != 'minzheng-2022-one-row-six':
                soffice(src, 'docx:MS Word 2007 XML', tmp, profile)
                shutil.copy(os.path.join(tmp, name + '.docx'), os.path.join(HERE, name + '.docx'))
            soffice(src, 'pdf:writer_web_pdf_Export', tmp, profile)
            layout = subprocess.run(['pdftotext', '-layout', os.path.join(tmp, name + '.pdf'), '-'],
                                    check=True, capture_output=True, text=True).stdout
            write(name + '.layout.txt', layout)
            if name == 'qingshan-2023':
                write(name + '.numbered.layout.txt',
                      with_page_numbers(layout, '%s%d年政府信息公开工作年度报告' % (R2023['agency'], R2023['year'])))
            if os.environ.get('KEEP_PDF'):
                shutil.copy(os.path.join(tmp, name + '.pdf'), os.environ['KEEP_PDF'])


if __name__ == '__main__':
    main()
