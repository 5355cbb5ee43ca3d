/**
 * Just enough of sh's grammar to see which tools a --command runs: `cd app && alembic stamp head`,
 * `poetry run alembic upgrade head`, `sh -c "cd app && npx prisma migrate deploy"`. Not a shell:
 * no expansion, no redirections; it only has to find the words of each simple command.
 */

const operators = ['&&', '||', ';', '|', '&', '\n', '(', ')'];

/**
 * The words (quotes removed) of each simple command in a command line, e.g.
 * [["cd", "app"], ["poetry", "run", "alembic", "stamp", "head"]].
 */
export function simpleCommands(text: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    const op = operators.find((o) => text.startsWith(o, i));
    if (op) {
      endCommand();
      i += op.length;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
    } else if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      const to = close < 0 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, to);
      i = to + 1;
    } else if (ch === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  endCommand();
  // `sh -c "script"` (bash -lc, docker run ... sh -c): the script's own commands count too.
  return out.flatMap((words) => {
    const at = words.findIndex((w, i) => i > 0 && /^-[a-z]*c$/.test(w) && /^(sh|bash|dash|zsh|ash)$/.test(programName(words[i - 1])));
    const script = at >= 0 ? words[at + 1] : undefined;
    return script ? [words, ...simpleCommands(script)] : [words];
  });
}

/** The program a word names: `/usr/local/bin/migrate` → migrate, image `flyway/flyway:10` → flyway. */
export function programName(word: string): string {
  const noTag = word.replace(/:[\w.-]+$/, '');
  return noTag.slice(noTag.lastIndexOf('/') + 1).toLowerCase();
}
