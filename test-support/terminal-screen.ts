/**
 * What a terminal would show after a stream of text and the cursor moves readline uses
 * (CSI A/B/C/D cursor moves, G column, K erase in line, J erase below). Enough to test what
 * the person at the REPL sees, rather than the escape codes that drew it. Colours and other
 * sequences are dropped.
 */
export function screenOf(written: string, columns = 80): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (rows[row] ??= []);
  const put = (ch: string) => {
    if (col >= columns) {
      row++;
      col = 0;
    }
    const cells = line();
    while (cells.length < col) cells.push(' ');
    cells[col++] = ch;
  };
  for (let i = 0; i < written.length; i++) {
    const ch = written[i]!;
    if (ch === '\x1b' && written[i + 1] === '[') {
      const match = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(written.slice(i));
      if (!match) continue;
      i += match[0].length - 1;
      const n = match[1] ? Number(match[1].split(';')[0]) : undefined;
      switch (match[2]) {
        case 'A':
          row = Math.max(0, row - (n || 1));
          break;
        case 'B':
          row += n || 1;
          break;
        case 'C':
          col += n || 1;
          break;
        case 'D':
          col = Math.max(0, col - (n || 1));
          break;
        case 'G':
          col = (n || 1) - 1;
          break;
        case 'K':
          // 0 (default): to the end of the line; 1: to its start; 2: all of it.
          if (!n) line().length = Math.min(line().length, col);
          else if (n === 1) line().fill(' ', 0, col + 1);
          else rows[row] = [];
          break;
        case 'J':
          line().length = Math.min(line().length, col);
          rows.length = row + 1;
          break;
      }
    } else if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      col = 0;
    } else if (ch >= ' ') put(ch);
  }
  return Array.from({ length: rows.length }, (_, r) => (rows[r] ?? []).join('').trimEnd());
}
