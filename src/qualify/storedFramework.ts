// The framework a qualification was decided under, kept in the store by the hash of its content: so that
// `why`, `leads show` and the gaps report explain each qualification with its own framework, even after
// the file changed (or another framework became the team's).

import { createHash } from 'node:crypto';
import { checkFramework } from '../domain/checkFramework.js';
import type { Framework } from '../domain/framework.js';
import type { StoredFramework, StoreReads } from '../store/store.js';
import { shippedFrameworkIds, loadFramework } from './loadFramework.js';

/** The framework as the store keeps it: its content as JSON (the checked framework, not the file's layout), and the hash of that. */
export function frameworkToStore(framework: Framework): StoredFramework {
  const content = JSON.stringify(framework);
  return { hash: createHash('sha256').update(content).digest('hex'), id: framework.id, version: framework.version, content };
}

/** What a qualification (or a report's group of them) says about its framework. */
export interface FrameworkTrace {
  frameworkId: string;
  frameworkVersion?: number;
  frameworkHash: string | null;
}

/**
 * Finds frameworks by the hash the store kept them under, each read once. Qualifications recorded before
 * bant kept frameworks have no hash: they get the shipped framework of the same id, else the framework in
 * use now if its id matches, else none (then their criteria and answers show as ids).
 */
export class FrameworkLibrary {
  private readonly byHash = new Map<string, Framework | undefined>();

  constructor(
    private readonly store: StoreReads,
    /** The framework in use now (--framework, BANT_FRAMEWORK), read only if an old qualification needs it. */
    private readonly current: () => Framework | undefined,
  ) {}

  async frameworkOf(trace: FrameworkTrace): Promise<{ framework: Framework | undefined; kept: boolean }> {
    if (trace.frameworkHash) {
      if (!this.byHash.has(trace.frameworkHash)) this.byHash.set(trace.frameworkHash, readStored(await this.store.frameworks.get(trace.frameworkHash)));
      const framework = this.byHash.get(trace.frameworkHash);
      if (framework) return { framework, kept: true };
    }
    return { framework: this.fallback(trace.frameworkId), kept: false };
  }

  private fallback(id: string): Framework | undefined {
    if (shippedFrameworkIds().includes(id)) return loadFramework(id);
    try {
      const current = this.current();
      return current?.id === id ? current : undefined;
    } catch {
      return undefined; // a broken BANT_FRAMEWORK must not stop explaining the past
    }
  }
}

/**
 * A kept framework was valid when it was kept; a later bant may check more, and must still read it. Its
 * JSON is the Framework as bant wrote it, completed with what later versions added.
 */
function readStored(stored: StoredFramework | undefined): Framework | undefined {
  if (!stored) return undefined;
  const data = JSON.parse(stored.content) as Framework;
  const { framework } = checkFramework(data);
  if (framework) return framework;
  return { ...data, policy: { ...data.policy, requireMet: data.policy.requireMet ?? [] } };
}
