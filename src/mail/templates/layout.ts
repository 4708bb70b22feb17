/** What a template gives: a subject and the paragraphs of both parts; the layout writes text and HTML alike. */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  /** The one button of the mail; its URL also stands alone on a line of the text part. */
  action?: { label: string; url: string };
  /** Said last, smaller: why the reader got this and what to do if it was not them. */
  footer: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Plain-text and HTML parts of one mail, from the same content: every value is escaped in HTML. */
export function render(content: MailContent): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    '--',
    content.footer,
  ].join('\n\n');
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 18px;background:#1a56db;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:13px;color:#555">Or paste this address into your browser:<br>${escapeHtml(content.action.url)}</p>`
    : '';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:560px;margin:24px auto;padding:0 16px">
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${action}
<hr style="border:none;border-top:1px solid #ddd">
<p style="font-size:13px;color:#555">${escapeHtml(content.footer)}</p>
</body></html>
`;
  return { subject: content.subject, text: `${text}\n`, html };
}

/** "30 minutes", "1 hour", "24 hours", "2 days": how long a link works, for people. */
export function describeDuration(seconds: number): string {
  const unit = (value: number, name: string): string => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (seconds % 86400 === 0 && seconds >= 2 * 86400) return unit(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}
