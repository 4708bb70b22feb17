import type { UserRecord, UserStore } from '../stores/user.store';
import { checkEmail } from '../users/email-address';

const PAGE = 100;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Z}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/** Shows what an operator could not see in a terminal: every invisible or spacing character as \u{…}. */
export const visible = (text: string): string =>
  text.replace(HIDDEN, (c) => (c === ' ' ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`));

export interface EmailCheckReport {
  checked: number;
  /** Stored in a form that differs from the current normal form (they still sign in: lookups fall back to it). */
  legacy: number;
  /** Stored with what the current rules refuse (invisible characters, a quoted local part…): they cannot sign in. */
  refused: number;
  /** Normal forms shared by more than one account: one mailbox, several accounts. */
  collisions: number;
  /** One line each, for the operator. */
  findings: string[];
}

/**
 * Compares every stored email with its normal form under the current rules (email-address.ts). Reports;
 * never changes or merges an account: which of two colliding accounts is the mailbox owner's is a human call.
 */
export async function checkStoredEmails(users: UserStore): Promise<EmailCheckReport> {
  const report: EmailCheckReport = { checked: 0, legacy: 0, refused: 0, collisions: 0, findings: [] };
  const byNormalForm = new Map<string, UserRecord[]>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await users.list({ limit: PAGE, offset });
    for (const user of page) {
      report.checked++;
      const checked = checkEmail(user.email);
      if (!checked.ok) {
        report.refused++;
        report.findings.push(`refused: ${describe(user)}: ${checked.problem}`);
        continue;
      }
      if (checked.email !== user.email) {
        report.legacy++;
        report.findings.push(`legacy form: ${describe(user)} is ${checked.email} under the current rules`);
      }
      byNormalForm.set(checked.email, [...(byNormalForm.get(checked.email) ?? []), user]);
    }
    if (page.length < PAGE) break;
  }
  for (const [email, accounts] of byNormalForm) {
    if (accounts.length < 2) continue;
    report.collisions++;
    report.findings.push(`collision: ${email} is the normal form of ${accounts.length} accounts: ${accounts.map(describe).join(', ')}`);
  }
  return report;
}

const describe = (user: UserRecord): string => `${visible(user.email)} (id ${user.id})`;
