/** Template versions for template tests: the newest published one to copy, and an editor's rewording of one. */
import type { TemplateVersion } from '../../shared/api/templates';
import type { Db } from '../../electron/core/db/open';

/** The newest published template version's id (on a fresh database, the built-in one). */
export function newestPublishedTemplate(db: Db): string {
  return (db.prepare("SELECT id FROM templates WHERE status = 'published' ORDER BY version DESC LIMIT 1").get() as { id: string }).id;
}

/** The editor's input for a version's definition with its name and first question reworded to `text`. */
export function reworded(definition: TemplateVersion['definition'], text: string) {
  const { sections, limitingRules, concernWords, keyFindingsWordLimit } = definition;
  return {
    name: `Case file audit (${text})`,
    sections: sections.map((s, i) => (i === 0 ? { ...s, questions: s.questions.map((q, j) => (j === 0 ? { ...q, text } : q)) } : s)),
    limitingRules,
    concernWords,
    keyFindingsWordLimit,
  };
}
