// What `bant frameworks list|show|check` does; loaded only when it runs.

import { invalidInput } from '../../domain/errors.js';
import { allQuestions, type Condition, type Framework, type Question, type When } from '../../domain/framework.js';
import { checkFrameworkFile, DEFAULT_FRAMEWORK, loadFramework, resolveFramework, shippedFrameworkIds } from '../../qualify/loadFramework.js';
import type { Context } from '../context.js';
import { printJson, printRecords } from '../render.js';

interface ListedFramework {
  id: string;
  version: number;
  name: string;
  criteria: { id: string; label: string }[];
  /** `shipped`, or the file BANT_FRAMEWORK names. */
  source: string;
  inUse: boolean;
}

/** The shipped frameworks, and the file BANT_FRAMEWORK names if it is one: which one `bant qualify` uses now. */
export async function listFrameworks(ctx: Context): Promise<void> {
  const { t, lang } = ctx;
  const fromEnv = ctx.io.env.BANT_FRAMEWORK || undefined;
  const active = resolveFramework(fromEnv);
  const listed = (framework: Framework, source: string, inUse: boolean): ListedFramework => ({
    id: framework.id,
    version: framework.version,
    name: framework.name[lang],
    criteria: framework.criteria.map((criterion) => ({ id: criterion.id, label: criterion.label[lang] })),
    source,
    inUse,
  });
  const rows = shippedFrameworkIds().map((id) => listed(loadFramework(id), 'shipped', active.shipped && active.ref === id));
  if (!active.shipped) rows.push(listed(loadFramework(active.file), active.file, true));
  const bySettings = ctx.config.fromConfig.has('BANT_FRAMEWORK');
  const inUse = (row: ListedFramework) =>
    !row.inUse ? '' : fromEnv ? t(bySettings ? 'frameworks.inUseByConfig' : 'frameworks.inUseByEnv') : row.id === DEFAULT_FRAMEWORK ? t('frameworks.inUseMark') : '';
  const table = ctx.format === 'table';
  await printRecords(
    ctx,
    [
      { header: table ? t('frameworks.id') : 'id', value: (row) => (table && row.source !== 'shipped' ? row.source : row.id) },
      { header: table ? t('frameworks.version') : 'version', value: (row) => row.version },
      { header: table ? t('frameworks.name') : 'name', value: (row) => row.name },
      { header: table ? t('qualify.criteria') : 'criteria', value: (row) => row.criteria.map((criterion) => (table ? criterion.label : criterion.id)).join(table ? ', ' : ' ') },
      { header: table ? t('frameworks.inUse') : 'inUse', value: (row) => (table ? inUse(row) : String(row.inUse)) },
    ],
    rows,
    (row) => row,
  );
}

/**
 * A framework in words: the decision, the follow-ups, then each criterion's questions and rules, every
 * framework text in English and French (a framework's author checks both). `--format json` prints the
 * framework itself, a valid framework file to start one's own from.
 */
export function showFramework(ctx: Context, ref: string): void {
  const framework = loadFramework(ref);
  if (ctx.format === 'json') return printJson(ctx, framework);
  const { t, out } = ctx;
  const lines: string[] = [];
  const criterionIds = (ids: readonly string[]) => ids.join(t('frameworks.or'));
  lines.push(out.bold(`${framework.id} v${framework.version}`), `  en  ${framework.name.en}`, `  fr  ${framework.name.fr}`, '');

  const { policy } = framework;
  let sql = policy.kind === 'all' ? t('frameworks.sqlAll') : t('frameworks.sqlThreshold', { min: policy.min, count: framework.criteria.length });
  if (policy.requireMet.length) sql += t('frameworks.sqlRequire', { criteria: policy.requireMet.join(t('frameworks.and')) });
  const parts = [sql, ...(policy.disqualifyWhenUnmet.length ? [t('frameworks.disqualify', { criteria: criterionIds(policy.disqualifyWhenUnmet) })] : []), t('frameworks.otherwise')];
  lines.push(t('frameworks.decision', { policy: parts.join(t('frameworks.separator')) }));
  const { followUp } = framework;
  const days = Object.entries(followUp.days).map(([answer, count]) => t('frameworks.inDays', { answer, days: count }));
  lines.push(t('frameworks.followUp', { question: followUp.question, days: days.join(', '), default: followUp.defaultDays }));
  lines.push(t('frameworks.score', { weights: framework.criteria.map((criterion) => `${criterion.id} ${criterion.weight}`).join(', ') }));
  const params = Object.entries(framework.params);
  if (params.length) lines.push(t('frameworks.params', { params: params.map(([name, value]) => `${name} = ${value}`).join(', ') }));

  framework.criteria.forEach((criterion, index) => {
    lines.push('', out.bold(t('frameworks.criterionTitle', { index: index + 1, id: criterion.id, en: criterion.label.en, fr: criterion.label.fr, weight: criterion.weight })));
    lines.push(`  ${t('frameworks.questions')}`);
    for (const question of criterion.questions) {
      lines.push(`    ${t('frameworks.question', { id: out.bold(question.id), description: describeQuestion(ctx, framework, question) })}`, `      en  ${question.text.en}`, `      fr  ${question.text.fr}`);
      const width = Math.max(0, ...(question.options ?? []).map((option) => option.value.length));
      for (const option of question.options ?? []) lines.push(`      - ${option.value.padEnd(width)}  ${option.label.en} | ${option.label.fr}`);
    }
    lines.push(`  ${t('frameworks.rules')}`);
    const width = Math.max(...criterion.rules.map((rule) => rule.status.length));
    for (const rule of criterion.rules) {
      const when = Object.keys(rule.when).length ? t('frameworks.when', { conditions: conditionsInWords(ctx, framework, rule.when) }) : t('frameworks.always');
      lines.push(`    ${out.bold(rule.status.padEnd(width))}  ${when}`, `    ${''.padEnd(width)}    en  ${rule.explain.en}`, `    ${''.padEnd(width)}    fr  ${rule.explain.fr}`);
    }
  });
  ctx.print(lines.join('\n'));
}

function describeQuestion(ctx: Context, framework: Framework, question: Question): string {
  const { t } = ctx;
  const parts = [question.integer ? t('frameworks.wholeNumber') : t(`frameworks.kind.${question.kind}`)];
  if (question.min !== undefined && question.max !== undefined) parts.push(t('frameworks.range', { min: question.min, max: question.max }));
  else if (question.min !== undefined) parts.push(t('frameworks.atLeast', { min: question.min }));
  else if (question.max !== undefined) parts.push(t('frameworks.atMost', { max: question.max }));
  parts.push(t(question.required ? 'frameworks.required' : 'frameworks.optional'));
  if (question.shownWhen) parts.push(t('frameworks.askedWhen', { conditions: conditionsInWords(ctx, framework, question.shownWhen) }));
  return parts.join(', ');
}

/** `budget.status is allocated or planned and budget.amount ≥ minBudget (0)`. */
function conditionsInWords(ctx: Context, framework: Framework, when: When): string {
  const { t } = ctx;
  const value = (v: unknown) => (typeof v === 'boolean' ? t(v ? 'qualify.yes' : 'qualify.no') : String(v));
  const bound = (limit: number | string) => (typeof limit === 'string' ? `${limit.slice(1)} (${framework.params[limit.slice(1)]})` : String(limit));
  return Object.entries(when)
    .flatMap(([id, condition]: [string, Condition]) => {
      const words: string[] = [];
      if (condition.in) words.push(t('frameworks.is', { id, values: condition.in.map(value).join(t('frameworks.or')) }));
      if (condition.notIn) words.push(t('frameworks.isNot', { id, values: condition.notIn.map(value).join(t('frameworks.or')) }));
      if (condition.gte !== undefined) words.push(t('frameworks.gte', { id, value: bound(condition.gte) }));
      if (condition.lt !== undefined) words.push(t('frameworks.lt', { id, value: bound(condition.lt) }));
      if (condition.missing !== undefined) words.push(t(condition.missing ? 'frameworks.missing' : 'frameworks.answered', { id }));
      return words;
    })
    .join(t('frameworks.and'));
}

/** The validation alone: exit 0, or every problem with its path on stdout and exit 3. */
export function checkFramework(ctx: Context, ref: string): void {
  const { source, framework, problems } = checkFrameworkFile(ref);
  const file = source.file;
  if (ctx.format === 'json') {
    printJson(ctx, {
      file,
      valid: problems.length === 0,
      id: framework?.id ?? null,
      version: framework?.version ?? null,
      problems: problems.map((problem) => ({ path: problem.path, problem: ctx.t(problem.message.key, problem.message.params) })),
    });
  } else if (framework) {
    ctx.print(ctx.t('frameworks.valid', { file, id: framework.id, version: framework.version, criteria: framework.criteria.length, questions: allQuestions(framework).length }));
  } else {
    for (const problem of problems) ctx.print(`${problem.path}: ${ctx.t(problem.message.key, problem.message.params)}`);
  }
  if (!framework) throw invalidInput('frameworks.checkFailed', { file, count: problems.length });
}

