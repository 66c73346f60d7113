// The PDTI form as a SurveyJS model, built from the same definition
// (src/forms/*.json) the way an integrator would build it with SurveyJS:
// one panel per section, one question per field (counts as native number
// inputs, money/phone/date/yes-no as text with a pattern, e-mail with the
// e-mail validator), every rule as an expression validator (warnings as
// warning notifications), every indicator as a live expression question,
// an evidence text box per indicator row. Used only by the side-by-side
// benchmark (`make bench`); SurveyJS is never part of pdti-form.

/** A SurveyJS question name for a field code (`6.2.đ` → `q_6_2_d2`). */
export function qname(code) {
  return 'q_' + code.replace(/đ/g, 'd2').replace(/[^A-Za-z0-9]/g, '_');
}

/** Our rule language → a SurveyJS expression; blank fields make the rule pass, as ours skip. */
export function expression(src) {
  return src
    .replace(/\{([^}]+)\}/g, (_, c) => `{${qname(c)}}`)
    .replace(/filled\((\{q_\w+\})\)/g, '($1 notempty)')
    .replace(/blank\((\{q_\w+\})\)/g, '($1 empty)')
    .replace(/date\((\d{4}-\d{2}-\d{2})\)/g, "'$1'")
    .replace(/==/g, '=')
    .replace(/\bnot\s+/g, '!')
    .replace(/(^|[\s(])có(?=$|[\s)])/g, "$1'có'")
    .replace(/(^|[\s(])không(?=$|[\s)])/g, "$1'không'");
}

function fieldsOf(src) {
  return [...new Set([...src.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]))];
}

function validatorFor(rule) {
  const check = expression(rule.check);
  // Our rules skip while a side is blank; SurveyJS would fail them, so guard.
  const guard = fieldsOf(rule.check).map((c) => `({${qname(c)}} empty)`);
  let expr = guard.length ? `${guard.join(' or ')} or (${check})` : check;
  if (rule.when) expr = `!(${expression(rule.when)}) or ${expr}`;
  return {
    type: 'expression',
    expression: expr,
    text: rule.message.vi.replace(/\s*\(\{(left|right|named)\}\)/g, ''),
    notificationType: rule.severity === 'error' ? 'error' : 'warning',
  };
}

const PATTERNS = {
  money: { regex: '^[0-9][0-9., ]*( ?(tỷ|triệu|đồng|đ))?$', text: 'Cần nhập một số tiền.' },
  phone: { regex: '^(\\+84|0)[0-9 .-]{8,12}$', text: 'Số điện thoại không hợp lệ.' },
  yesno: { regex: '^(có|Có|CÓ|không|Không|KHÔNG)$', text: 'Cần ghi "có" hoặc "không".' },
  date: { regex: '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$', text: 'Ngày cần ghi dạng dd/mm/yyyy.' },
};

function question(item) {
  const q = { name: qname(item.code), title: `${item.code} ${item.label.vi}`, isRequired: !!item.required };
  switch (item.kind) {
    case 'count':
      return { ...q, type: 'text', inputType: 'number', min: 0, validators: [{ type: 'numeric', minValue: 0 }] };
    case 'email':
      return { ...q, type: 'text', inputType: 'email', validators: [{ type: 'email' }] };
    case 'text':
      return { ...q, type: 'text' };
    default: {
      const p = PATTERNS[item.kind];
      return { ...q, type: 'text', validators: p ? [{ type: 'regex', ...p }] : [] };
    }
  }
}

/** The SurveyJS model (JSON) for a form definition. */
export function surveyModel(def) {
  const panels = [];
  const header = {
    type: 'panel', name: 'header', title: def.title.vi,
    elements: [
      { type: 'text', name: qname('agency.name'), title: 'Cơ quan báo cáo', isRequired: true },
      { type: 'text', name: qname('period.from'), title: 'Từ ngày', isRequired: true, validators: [{ type: 'regex', ...PATTERNS.date }] },
      { type: 'text', name: qname('period.to'), title: 'Đến ngày', isRequired: true, validators: [{ type: 'regex', ...PATTERNS.date }] },
      { type: 'text', name: qname('coverLetter.number'), title: 'Số công văn' },
      { type: 'text', name: qname('coverLetter.date'), title: 'Ngày công văn', validators: [{ type: 'regex', ...PATTERNS.date }] },
    ],
  };
  panels.push(header);
  let panel = null;
  const byName = new Map(header.elements.map((q) => [q.name.slice(2).replace(/_/g, '.'), q]));
  for (const item of def.items) {
    if (item.kind === 'section') {
      panel = { type: 'panel', name: `s_${qname(item.code)}`, title: `${item.code}. ${item.label.vi}`, elements: [] };
      panels.push(panel);
      continue;
    }
    if (item.kind === 'group' || item.kind === 'ratio') {
      panel.elements.push({ type: 'html', name: `h_${qname(item.code)}`, html: `<h4>${item.code} ${item.label.vi}</h4>` });
    } else {
      const q = question(item);
      panel.elements.push(q);
      byName.set(item.code, q);
    }
    if (item.evidence) {
      panel.elements.push({ type: 'text', name: `ev_${qname(item.code)}`, title: `Tài liệu kiểm chứng: ${item.evidence}` });
    }
  }
  for (const rule of def.rules) {
    const target = byName.get(fieldsOf(rule.check)[0]);
    if (target) (target.validators ??= []).push(validatorFor(rule));
  }
  const indicators = def.indicators.map((ind) => ({
    type: 'expression',
    name: `ind_${qname(ind.code)}`,
    title: `${ind.code} ${ind.label.vi}`,
    expression: ind.numerator && ind.denominator
      ? `iif((${expression(ind.denominator)}) > 0, (${expression(ind.numerator)}) / (${expression(ind.denominator)}), '')`
      : "''",
    displayStyle: 'percent',
    precision: 2,
  }));
  panels.push({ type: 'panel', name: 'indicators', title: 'Chỉ số (tạm tính)', elements: indicators });
  return {
    locale: 'vi',
    title: def.title.vi,
    showQuestionNumbers: 'off',
    checkErrorsMode: 'onValueChanged',
    textUpdateMode: 'onTyping',
    questionsOnPageMode: 'singlePage',
    pages: [{ name: 'p1', elements: panels }],
  };
}
