// What `bant qualify` does at the terminal; the use case (claims, drafts, the one write) is in
// src/qualify/qualifyLead.ts. Loaded only when it runs (start-up time is a target).

import fs from 'node:fs';
import { toIsoDate } from '../../domain/dates.js';
import { BantError, cancelled, invalidInput, notFound, usageError } from '../../domain/errors.js';
import { checkAnswers, evaluateQualification, finalOutcome, missingAnswers, type Evaluation } from '../../domain/evaluateQualification.js';
import type { Answers } from '../../domain/framework.js';
import { foldText } from '../../domain/foldText.js';
import { displayName } from '../../domain/lead.js';
import { exampleAnswers } from '../../domain/exampleAnswers.js';
import type { Framework } from '../../domain/framework.js';
import type { QualificationRecord } from '../../domain/qualification.js';
import { loadFramework } from '../../qualify/loadFramework.js';
import { formatNumber } from '../../i18n/translate.js';
import { jsonErrorPlace } from '../../qualify/jsonErrorPlace.js';
import { FrameworkLibrary, frameworkToStore } from '../../qualify/storedFramework.js';
import { discardDraft, DraftKeeper, openQualification, qualificationQueue, recordQualification, releaseLead, type Override } from '../../qualify/qualifyLead.js';
import type { Store } from '../../store/store.js';
import type { Context } from '../context.js';
import { askQuestions, confirmDecision, printLeadHeader, printSummary, type InterviewSaver } from '../interview.js';
import { stageLabel } from '../leadViews.js';
import { printJson } from '../render.js';
export interface QualifyOptions {
  sdr?: string;
  answers?: string;
  /** Answer with the framework's example answers (bant demo without a terminal), checked like a file's. */
  exampleAnswers?: boolean;
  /** The caller prints the JSON result itself, inside its own (bant demo). */
  keepJson?: boolean;
  resume?: boolean;
  dryRun?: boolean;
  override?: Override['stage'];
  reason?: string;
  framework?: string;
}

export type QualifyResult = ReturnType<typeof resultJson>;

export async function qualify(ctx: Context, ref: string | undefined, options: QualifyOptions): Promise<QualifyResult | undefined> {
  const { t } = ctx;
  if (options.override && !options.reason?.trim()) throw usageError('qualify.overrideNeedsReason');
  let framework = loadFramework(options.framework ?? (ctx.io.env.BANT_FRAMEWORK || undefined));
  const presetAnswers = options.exampleAnswers ? exampleAnswers(framework, t('demo.exampleText')) : {};
  const fileAnswers = checkAnswers(framework, options.answers ? await readAnswers(ctx, options.answers) : presetAnswers);
  const sdr = options.sdr?.trim() || ctx.actor;
  const store = await ctx.store();
  const now = ctx.now();
  const today = toIsoDate(now);

  const leadRef = ref ?? (await pickFromQueue(ctx, store, sdr));
  if (leadRef === undefined) return;
  const { lead, attempts, draft } = await openQualification(store, leadRef, sdr, now, { dryRun: options.dryRun });
  try {
    // A draft left by Ctrl-C: resumed with --resume, offered at a terminal, replaced otherwise.
    let resumeDraft = Boolean(draft && options.resume);
    const answersGiven = Boolean(options.answers || options.exampleAnswers);
    let headerShown = false;
    if (draft && !options.resume && ctx.interactive && !answersGiven) {
      const prompter = await ctx.prompter();
      printLeadHeader(ctx, lead, attempts);
      headerShown = true;
      resumeDraft = await prompter.confirm({
        message: t('qualify.resumeOffer', { date: draft.startedAt.slice(0, 16).replace('T', ' '), count: Object.keys(draft.answers).length, framework: `${draft.frameworkId} v${draft.frameworkVersion}` }),
        default: true,
      });
    } else if (!draft && options.resume) ctx.say(t('qualify.noDraft'));
    if (draft && !resumeDraft && !options.dryRun) await discardDraft(store, draft.id);
    if (resumeDraft) framework = await frameworkToResume(ctx, store, draft!, framework);

    const answers: Answers = { ...(resumeDraft ? draft!.answers : {}), ...fileAnswers };
    const notes: Record<string, string> = resumeDraft ? { ...draft!.notes } : {};
    const skipped = new Set(resumeDraft ? draft!.skipped : []);
    checkAnswers(framework, answers); // the draft and the file together must still make sense
    const missing = missingAnswers(framework, answers);
    if (missing.length && !ctx.interactive) throw usageError('qualify.missingAnswers', { ids: missing.join(', ') });
    const interviewing = missing.length > 0 || (!answersGiven && ctx.interactive);

    const startedAt = resumeDraft ? draft!.startedAt : now.toISOString();
    const keeper = new DraftKeeper(store, lead.id, sdr, framework, startedAt, resumeDraft ? draft!.id : undefined);
    if (interviewing) {
      const prompter = await ctx.prompter();
      if (!headerShown) printLeadHeader(ctx, lead, attempts);
      // Every answer is written at once, in its own small transaction: a dropped call keeps it.
      const saver: InterviewSaver = options.dryRun ? { answer: async () => undefined, note: async () => undefined } : keeper;
      try {
        await askQuestions(ctx, prompter, framework, answers, skipped, notes, saver);
      } catch (error) {
        if (error instanceof BantError && error.kind === 'cancelled' && keeper.draftId !== undefined) throw cancelled('qualify.cancelledDraft', { id: lead.id });
        throw error;
      }
    }

    const evaluation = evaluateQualification(framework, answers, today);
    if (ctx.format !== 'json') await printSummary(ctx, framework, evaluation);
    let override: Override | undefined = options.override ? { stage: options.override, reason: options.reason!.trim() } : undefined;
    if (!override && interviewing && !options.dryRun) override = await confirmDecision(ctx, await ctx.prompter(), evaluation.decision);

    const outcome = finalOutcome(framework, answers, evaluation, override?.stage, today);
    if (options.dryRun) {
      const json = resultJson(lead.id, null, evaluation, outcome, override);
      if (ctx.format === 'json' && !options.keepJson) printJson(ctx, json);
      ctx.say(t('qualify.dryRun'));
      return json;
    }
    const result = await recordQualification(store, {
      lead, draftId: keeper.draftId, sdr, framework, answers, notes, evaluation, override, startedAt, at: ctx.now().toISOString(), today,
    });
    const json = resultJson(lead.id, result.qualificationId, evaluation, outcome, override);
    if (ctx.format === 'json' && !options.keepJson) printJson(ctx, json);
    const followUp = result.lead.followUpOn ? t('stage.followUp', { date: result.lead.followUpOn }) : '';
    ctx.say(ctx.err.bold(t('qualify.done', { id: lead.id, name: displayName(lead), from: stageLabel(ctx, lead.stage), to: stageLabel(ctx, result.lead.stage) })) + followUp);
    return json;
  } catch (error) {
    // Whatever stopped the interview (Ctrl-C after the draft was saved, a refusal), the lead goes back to the queue.
    if (!options.dryRun) await releaseLead(store, lead.id, sdr).catch(() => undefined);
    throw error;
  }
}

/**
 * A resumed interview goes on under the framework it began with (kept with the draft), even if the file
 * changed or another framework is named now: its answers were given to those questions.
 */
async function frameworkToResume(ctx: Context, store: Store, draft: QualificationRecord, requested: Framework): Promise<Framework> {
  if (!draft.frameworkHash || draft.frameworkHash === frameworkToStore(requested).hash) return requested;
  const { framework } = await new FrameworkLibrary(store, () => requested).frameworkOf(draft);
  if (!framework) return requested;
  ctx.say(ctx.t('qualify.resumeUnder', { framework: `${framework.id} v${framework.version}` }));
  return framework;
}

/** PRODUCT.md's JSON result, plus the stage the lead ends at (the decision, or the override). */
function resultJson(leadId: number, qualificationId: number | null, evaluation: Evaluation, outcome: ReturnType<typeof finalOutcome>, override: Override | undefined) {
  return {
    leadId,
    qualificationId,
    decision: evaluation.decision,
    stage: outcome.stage,
    score: evaluation.score,
    criteria: Object.fromEntries(Object.entries(evaluation.criteria).map(([id, result]) => [id, { status: result.status, answers: result.answers }])),
    followUpOn: outcome.followUpOn,
    reasons: evaluation.reasons,
    override: override ?? null,
  };
}

async function readAnswers(ctx: Context, file: string): Promise<unknown> {
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.io.stdin) {
      chunks.push(Buffer.from(chunk as Buffer));
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWERS_BYTES) throw invalidInput('answers.fileTooLarge', { file, max: MAX_ANSWERS_BYTES });
    }
    bytes = Buffer.concat(chunks);
  } else {
    try {
      if (fs.statSync(file).size > MAX_ANSWERS_BYTES) throw invalidInput('answers.fileTooLarge', { file, max: MAX_ANSWERS_BYTES });
      bytes = fs.readFileSync(file);
    } catch (error) {
      if (error instanceof BantError) throw error;
      throw notFound('answers.fileNotFound', { file });
    }
  }
  const text = decodeJsonText(bytes);
  if (text === undefined) throw invalidInput('answers.fileNotText', { file });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput('answers.badJson', { file, ...jsonErrorPlace(text, error as Error) });
  }
}

/** An answers file is a few hundred bytes; a megabyte is already far more than any interview. */
const MAX_ANSWERS_BYTES = 1024 * 1024;

/**
 * JSON as editors save it: UTF-8 with or without a byte order mark (Windows Notepad adds one), or UTF-16
 * with one. Undefined when the bytes are not text in any of these.
 */
function decodeJsonText(bytes: Buffer): string | undefined {
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
  } catch {
    return undefined;
  }
}

/**
 * Without a ref: the queue, best first, filtered as the SDR types. Leads another SDR is qualifying right now
 * are shown with who and until when, after the others: picking one offers the next free lead instead.
 */
async function pickFromQueue(ctx: Context, store: Store, sdr: string): Promise<string | undefined> {
  if (!ctx.interactive) throw usageError('qualify.needsRef');
  const queue = await qualificationQueue(store, ctx.now());
  const takenByOther = (entry: (typeof queue)[number]) => entry.claim !== null && entry.claim.sdr !== sdr;
  const free = queue.filter((entry) => !takenByOther(entry));
  if (free.length === 0) {
    ctx.say(ctx.t(queue.length ? 'qualify.queueAllClaimed' : 'qualify.queueEmpty'));
    return undefined;
  }
  const prompter = await ctx.prompter();
  const ordered = [...free, ...queue.filter(takenByOther)];
  const label = ({ lead, claim }: (typeof queue)[number]) => {
    const name = displayName(lead);
    const company = lead.company && name !== lead.company ? ` — ${lead.company}` : '';
    const held = claim && claim.sdr !== sdr ? ` ${ctx.t('qualify.claimedBy', { sdr: claim.sdr, until: claim.expiresAt.slice(11, 16) })}` : '';
    // A nurturing lead back over the threshold by what it did since its last qualification: due now, and said so.
    const reengaged = lead.stage === 'nurturing' && lead.reengagedAt ? ` ${ctx.t('qualify.reengagedMark')}` : '';
    return `#${lead.id} ${name}${company} (${stageLabel(ctx, lead.stage)}${lead.score !== null ? `, ${formatNumber(ctx.lang, lead.score)}` : ''})${reengaged}${held}`;
  };
  const choices = ordered.map((entry) => ({
    value: String(entry.lead.id),
    name: label(entry),
    haystack: foldText(`${displayName(entry.lead)} ${entry.lead.company ?? ''} ${entry.lead.email ?? ''} ${entry.lead.id}`),
  }));
  const picked = await prompter.search({
    message: ctx.t('qualify.pick', { count: free.length }),
    source: (term) => choices.filter((choice) => !term || choice.haystack.includes(foldText(term))).map(({ value, name }) => ({ value, name })),
  });
  const entry = ordered.find((candidate) => String(candidate.lead.id) === picked)!;
  if (!takenByOther(entry)) return picked;
  const next = free[0]!;
  ctx.say(ctx.t('qualify.claimed', { id: entry.lead.id, sdr: entry.claim!.sdr, until: entry.claim!.expiresAt.slice(11, 16) }));
  const instead = await prompter.confirm({ message: ctx.t('qualify.offerNext', { id: next.lead.id, name: displayName(next.lead) }), default: true });
  return instead ? String(next.lead.id) : undefined;
}

