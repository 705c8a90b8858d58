import type { Block, Rich } from './types.js';

/**
 * A block with its text rewritten: `rich` for the rich text (paragraphs, warnings, context,
 * steps, list items, field values), `plain` for the plain strings (headings, field labels,
 * button labels; unchanged by default). Dividers pass through.
 */
export function mapBlockText(b: Block, rich: (r: Rich) => Rich, plain: (s: string) => string = (s) => s): Block {
  switch (b.type) {
    case 'heading':
      return { ...b, text: plain(b.text) };
    case 'paragraph':
    case 'warning':
    case 'context':
      return { ...b, text: rich(b.text) };
    case 'steps':
    case 'list':
      return { ...b, items: b.items.map(rich) };
    case 'fields':
      return { ...b, fields: b.fields.map((f) => ({ ...f, label: plain(f.label), value: rich(f.value) })) };
    case 'buttons':
      return { ...b, buttons: b.buttons.map((x) => ({ ...x, label: plain(x.label) })) };
    case 'divider':
      return b;
  }
}
