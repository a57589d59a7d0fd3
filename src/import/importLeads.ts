// `bant import`: reads a lead list and writes it in one transaction. Every row ends up counted once as
// created, updated, skipped (a duplicate) or rejected (with its line and reason), so the counts add up.

import { ImportRepository, type ExistingLead, type ImportCounts } from '../db/importRepository.js';
import type { Db } from '../db/openDatabase.js';
import { addDays } from '../domain/dates.js';
import { BantError, cancelled, invalidInput, usageError } from '../domain/errors.js';
import { canMoveManually, isStage, type Stage } from '../domain/stages.js';
import { DEFAULT_NURTURE_DAYS } from '../leads/changeLeadStage.js';
import { parseMapOption, planColumns, type ColumnPlan } from './mapHeaders.js';
import { readCsv } from './readCsv.js';
import { readLeadRow, type LeadDraft } from './readLeadRow.js';
import type { EncodingOption } from './sniffCsv.js';

export const DUPLICATE_POLICIES = ['skip', 'update'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export interface ImportOptions {
  map?: string;
  delimiter?: string;
  encoding?: EncodingOption;
  onDuplicate: DuplicatePolicy;
  /** Stage of new leads whose row gives none. */
  stage: string;
  /** Source and owner of leads whose row gives none. */
  source?: string;
  owner?: string;
  nullValues: string[];
  dryRun: boolean;
}

export interface Rejection {
  line: number;
  error: BantError;
}

export interface ImportHooks {
  /** Called once the header is read: the rejects file starts with it. */
  onHeader?(headers: string[], delimiter: string, plan: ColumnPlan): void;
  onReject?(fields: string[], rejection: Rejection): void;
  onProgress?(rows: number, bytesRead: number): void;
  signal?: AbortSignal;
}

export interface ImportResult extends ImportCounts {
  importId: number | null;
  dryRun: boolean;
  /** The first rejections, to show; all of them go to onReject. */
  firstRejections: Rejection[];
  recognised: { identity: boolean };
}

const PROGRESS_EVERY = 2_000;
const REJECTIONS_KEPT = 20;

export async function importLeads(
  db: Db,
  input: AsyncIterable<Uint8Array>,
  sourceName: string,
  options: ImportOptions,
  who: { at: string; by: string; today: string },
  hooks: ImportHooks = {},
): Promise<ImportResult> {
  if (!isStage(options.stage)) throw usageError('stage.unknown', { stage: options.stage });
  const defaultStage: Stage = options.stage;
  const overrides = parseMapOption(options.map);
  const nullValues = new Set(options.nullValues.map((value) => value.trim().toLowerCase()).filter(Boolean));

  const repo = new ImportRepository(db);
  const counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
  const firstRejections: Rejection[] = [];
  const reject = (fields: string[], line: number, error: BantError) => {
    counts.rejected++;
    const rejection = { line, error };
    if (firstRejections.length < REJECTIONS_KEPT) firstRejections.push(rejection);
    hooks.onReject?.(fields, rejection);
  };

  // Set when the header has been read and the transaction opened.
  let state: { importId: number; lastIdBefore: number; plan: ColumnPlan; headerLength: number; bytesRead: () => number } | undefined;
  let identityColumns = false;
  const skipDuplicates = options.onDuplicate === 'skip';
  const defaultFollowUp = addDays(who.today, DEFAULT_NURTURE_DAYS);
  const defaults = { stage: defaultStage, followUpOn: defaultFollowUp, source: options.source, owner: options.owner, at: who.at };

  const handleRow = (fields: string[], line: number): void => {
    const { importId, lastIdBefore, plan, headerLength } = state!;
    counts.rows++;
    if (counts.rows % PROGRESS_EVERY === 0) {
      if (hooks.signal?.aborted) throw cancelled('import.cancelled');
      hooks.onProgress?.(counts.rows, state!.bytesRead());
    }
    const shapeError = checkRowShape(fields, headerLength);
    if (shapeError) return reject(fields, line, shapeError);
    const draft = readLeadRow(fields, plan, { nullValues });
    if (draft instanceof BantError) return reject(fields, line, draft);
    if (skipDuplicates) {
      // The unique indexes find duplicates (email, else external id) faster than a look-up would.
      if (createLead(repo, draft, importId, defaults, true) === undefined) counts.skipped++;
      else counts.created++;
      return;
    }
    const match = findExisting(repo, draft);
    if (match instanceof BantError) return reject(fields, line, match);
    if (!match) {
      createLead(repo, draft, importId, defaults, false);
      counts.created++;
      return;
    }
    const moveError = updateLead(repo, match, draft, { ...who, followUpOn: defaultFollowUp }, match.id > lastIdBefore);
    if (moveError) return reject(fields, line, moveError);
    counts.updated++;
  };

  try {
    await readCsv(
      input,
      { delimiter: options.delimiter, encoding: options.encoding },
      {
        header(reading) {
          const plan = planColumns(reading.headers, overrides);
          identityColumns = plan.columns.some((column) => 'field' in column.target && IDENTITY_FIELDS.includes(column.target.field));
          hooks.onHeader?.(reading.headers, reading.delimiter, plan);
          repo.begin();
          const importId = repo.recordImport(sourceName, who.at, who.by, { ...options, delimiter: reading.delimiter, encoding: reading.encoding });
          state = { importId, lastIdBefore: repo.lastLeadId(), plan, headerLength: reading.headers.length, bytesRead: reading.bytesRead };
        },
        record: handleRow,
      },
    );
    if (!state) throw invalidInput('import.noHeader');
    hooks.onProgress?.(counts.rows, state.bytesRead());
    repo.recordCreations(state.importId, state.lastIdBefore, who.at, who.by);
    repo.finishImport(state.importId, counts, new Date().toISOString());
    if (options.dryRun) repo.rollback();
    else repo.commit();
    return { ...counts, importId: options.dryRun ? null : state.importId, dryRun: options.dryRun, firstRejections, recognised: { identity: identityColumns } };
  } catch (error) {
    repo.rollback();
    if (error instanceof Error && error.name === 'AbortError') throw cancelled('import.cancelled');
    throw error;
  }
}

const IDENTITY_FIELDS: readonly string[] = ['email', 'external_id', 'first_name', 'last_name', 'company'];

/** Extra empty fields at the end of a row (a trailing delimiter) are harmless; any other length mismatch is not. */
function checkRowShape(fields: string[], headerLength: number): BantError | undefined {
  if (fields.length === headerLength) return undefined;
  if (fields.length > headerLength && fields.slice(headerLength).every((field) => field.trim() === '')) return undefined;
  return invalidInput('import.wrongFieldCount', { found: fields.length, expected: headerLength });
}

/** A duplicate is the lead with the same email, else the same external id; an external id held by another lead is a conflict. */
function findExisting(repo: ImportRepository, draft: LeadDraft): ExistingLead | BantError | undefined {
  const { email, externalId } = draft.fields;
  const byEmail = email ? repo.findByEmail(email) : undefined;
  if (byEmail) {
    if (externalId && byEmail.externalId !== externalId) {
      const holder = repo.findByExternalId(externalId);
      if (holder && holder.id !== byEmail.id) return invalidInput('import.externalIdTaken', { externalId, id: holder.id, email: email! });
    }
    return byEmail;
  }
  return externalId ? repo.findByExternalId(externalId) : undefined;
}

interface NewLeadDefaults {
  stage: Stage;
  followUpOn: string;
  source?: string;
  owner?: string;
  at: string;
}

function createLead(repo: ImportRepository, draft: LeadDraft, importId: number, defaults: NewLeadDefaults, ignoreDuplicate: boolean): number | undefined {
  const stage = draft.stage ?? defaults.stage;
  const fields = draft.fields;
  if (fields.source === undefined && defaults.source) fields.source = defaults.source;
  if (fields.owner === undefined && defaults.owner) fields.owner = defaults.owner;
  const followUpOn = stage === 'nurturing' ? (draft.followUpOn ?? defaults.followUpOn) : null;
  const lead = { fields, custom: draft.custom, stage, followUpOn, score: draft.score ?? null, createdAt: draft.createdAt ?? defaults.at };
  return repo.createLead(lead, importId, defaults.at, ignoreDuplicate);
}

/** Fills the existing lead with the row's values; a stage the row gives must be a move the stage table allows. */
function updateLead(
  repo: ImportRepository,
  existing: ExistingLead,
  draft: LeadDraft,
  who: { at: string; by: string; followUpOn: string },
  createdByThisImport: boolean,
): BantError | undefined {
  const move = draft.stage && draft.stage !== existing.stage ? draft.stage : undefined;
  if (move && !canMoveManually(existing.stage, move)) {
    return invalidInput('import.forbiddenMove', { id: existing.id, from: existing.stage, to: move });
  }
  const followUpOn = draft.followUpOn ?? (move === 'nurturing' ? who.followUpOn : undefined);
  repo.updateLead(existing.id, draft.fields, draft.custom, { followUpOn, score: draft.score }, who.at);
  if (move) repo.moveLead(existing.id, existing.stage, move, who.at, who.by, !createdByThisImport);
  return undefined;
}
