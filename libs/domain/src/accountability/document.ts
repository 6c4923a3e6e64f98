import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

/** What a section holds, in order. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'warning'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; empty: string; widths?: number[] }
  | { kind: 'chart'; title: string; svg: string; width: number; height: number; description?: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/**
 * A document people read at a meeting or a board: a meeting's pack or
 * minutes, a partnership's annual report. Rendered to print-ready HTML and
 * to an A4 PDF with a contents list and page numbers; every page names the
 * partnership and the date.
 */
export interface ReportDocument {
  title: string;
  partnershipName: string;
  /** The date the document is about (the meeting's date; the year). */
  dateLine: string;
  /** A line under the title (the group, the period). */
  subtitle: string;
  /** When it was built (shown on the cover). */
  builtAt: string;
  sections: Section[];
  /** The language of the text (the PDF's /Lang and the HTML's lang): British English unless Welsh. */
  lang?: DocumentLanguage;
}

export type DocumentLanguage = 'en-GB' | 'cy';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Print-ready HTML: A4 pages, a contents list linking the sections, the charts inline as SVG. */
export function renderHtml(doc: ReportDocument): string {
  const section = (s: Section) => {
    const blocks = s.blocks.map((b) => {
      switch (b.kind) {
        case 'paragraph':
          return `<p>${escape(b.text)}</p>`;
        case 'warning':
          return `<p class="warning"><strong>Warning:</strong> ${escape(b.text)}</p>`;
        case 'chart':
          return `<figure>${b.svg.replace(/<svg /, `<svg role="img" aria-label="${escape(b.title)}" `)}<figcaption>${escape(b.title)}${b.description ? `<span class="visually-hidden"> ${escape(b.description)}</span>` : ''}</figcaption></figure>`;
        case 'table':
          if (b.rows.length === 0) return `<p class="empty">${escape(b.empty)}</p>`;
          return `<table><thead><tr>${b.columns.map((c) => `<th scope="col">${escape(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`;
      }
    });
    return `<section id="${escape(s.id)}"><h2>${escape(s.title)}</h2>${blocks.join('\n')}</section>`;
  };
  return `<!DOCTYPE html>
<html lang="${doc.lang ?? 'en-GB'}">
<head>
<meta charset="utf-8">
<title>${escape(doc.title)} - ${escape(doc.partnershipName)}</title>
<style>
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: "Page " counter(page) " of " counter(pages); } @top-left { content: "${escape(doc.partnershipName)}"; } @top-right { content: "${escape(doc.dateLine)}"; } }
body { font-family: Helvetica, Arial, sans-serif; font-size: 11pt; color: #0b0c0c; line-height: 1.4; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 22pt; margin-bottom: 0; } h2 { font-size: 15pt; border-bottom: 2px solid #1d70b8; padding-bottom: 2pt; break-after: avoid; }
.subtitle { color: #505a5f; margin-top: 4pt; }
nav ol { padding-left: 18pt; } section { break-inside: auto; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; } th, td { border: 1px solid #b1b4b6; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } tr { break-inside: avoid; }
.warning { border-left: 5px solid #d4351c; padding-left: 8pt; } .empty { color: #505a5f; font-style: italic; }
figure { margin: 8pt 0; break-inside: avoid; } figcaption { font-size: 9pt; color: #505a5f; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<header><p>${escape(doc.partnershipName)}</p><h1>${escape(doc.title)}</h1><p class="subtitle">${escape(doc.subtitle)}</p><p>${escape(doc.dateLine)}</p></header>
<nav aria-label="Contents"><h2>Contents</h2><ol>${doc.sections.map((s) => `<li><a href="#${escape(s.id)}">${escape(s.title)}</a></li>`).join('')}</ol></nav>
<main>
${doc.sections.map(section).join('\n')}
</main>
<footer><p>Built ${escape(doc.builtAt)}.</p></footer>
</body>
</html>
`;
}

const MARGIN = 50;
const BLUE = '#1d70b8';

type Struct = PDFKit.PDFStructureElement;

/**
 * The A4 PDF (pdfkit): a cover with the contents list (section titles with
 * their page numbers), the sections one after another (a section starts on
 * a new page when its title and first lines would not fit),
 * tables with a header row, the charts drawn from their SVG
 * (svg-to-pdfkit), and on every page the partnership's name, the date and
 * "Page n of N".
 *
 * A tagged PDF (PDF 1.7, /MarkInfo /Marked true): the document's language
 * (/Lang) and title (shown as the window title), and a structure tree a
 * screen reader follows in reading order: the title (H1), the contents
 * (TOC, one TOCI per section), each section (Sect, with its H2,
 * paragraphs, tables with TH header cells, and figures with their
 * description as alternative text). The running headers and footers and the
 * rules are artifacts, left out of the reading order.
 */
export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const lang = doc.lang ?? 'en-GB';
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${doc.title} - ${doc.partnershipName}`, Author: doc.partnershipName, Subject: doc.subtitle },
    pdfVersion: '1.7',
    lang,
    displayTitle: true,
    tagged: true,
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  const width = pdf.page.width - 2 * MARGIN;
  const root = pdf.struct('Document', { lang });
  pdf.addStructure(root);
  /** Content drawn as one structure element of `parent`. */
  const tagged = (parent: Struct, type: string, draw: () => void, options: Parameters<PDFKit.PDFDocument['struct']>[1] = {}) =>
    parent.add(pdf.struct(type, options, draw));
  /** Drawing that is not content (rules, bars): out of the reading order. */
  const artifact = (draw: () => void, type?: 'Pagination' | 'Layout') => {
    pdf.markContent('Artifact', type ? { type } : {});
    draw();
    pdf.endMarkedContent();
  };

  // Cover and contents (page 1); the page numbers are written once known.
  tagged(root, 'P', () => pdf.font('Helvetica').fontSize(12).fillColor('#505a5f').text(doc.partnershipName));
  tagged(root, 'H1', () => pdf.moveDown(0.3).font('Helvetica-Bold').fontSize(24).fillColor('black').text(doc.title));
  tagged(root, 'P', () => pdf.moveDown(0.3).font('Helvetica').fontSize(13).fillColor('#505a5f').text(doc.subtitle));
  tagged(root, 'P', () => pdf.text(doc.dateLine));
  tagged(root, 'H2', () => pdf.moveDown(1.5).font('Helvetica-Bold').fontSize(15).fillColor('black').text('Contents'));
  const toc = pdf.struct('TOC');
  root.add(toc);
  pdf.moveDown(0.5);
  const contentsTop = pdf.y;
  const lineHeight = 18;
  pdf.y = contentsTop + doc.sections.length * lineHeight + 20;
  const built = pdf.struct('P');
  root.add(built);
  tagged(built, 'Span', () => pdf.font('Helvetica').fontSize(9).fillColor('#505a5f').text(`Built ${doc.builtAt}.`));
  built.end();

  const pages: number[] = [];
  pdf.addPage();
  for (const [i, section] of doc.sections.entries()) {
    // A section starts on the page in hand when its title and a few lines fit.
    if (i > 0) {
      pdf.moveDown(1.2);
      // ...and a chart among its first blocks too (no title stranded above it).
      const chart = section.blocks.slice(0, 2).find((b) => b.kind === 'chart');
      ensureSpace(pdf, chart?.kind === 'chart' ? Math.min(1, width / chart.width) * chart.height + 90 : 110);
    }
    pdf.x = MARGIN;
    pages.push(pdf.bufferedPageRange().count);
    const sect = pdf.struct('Sect', { title: section.title });
    root.add(sect);
    tagged(sect, 'H2', () => pdf.font('Helvetica-Bold').fontSize(16).fillColor('black').text(section.title));
    const y = pdf.y + 2;
    artifact(
      () =>
        pdf
          .moveTo(MARGIN, y)
          .lineTo(MARGIN + width, y)
          .lineWidth(1.5)
          .strokeColor(BLUE)
          .stroke(),
      'Layout',
    );
    pdf.moveDown(0.6);
    for (const block of section.blocks) {
      pdf.x = MARGIN;
      if (block.kind === 'paragraph') {
        tagged(sect, 'P', () => pdf.font('Helvetica').fontSize(11).fillColor('black').text(block.text, { width }));
        pdf.moveDown(0.5);
      } else if (block.kind === 'warning') {
        ensureSpace(pdf, 40);
        const top = pdf.y;
        tagged(sect, 'P', () => {
          pdf
            .font('Helvetica-Bold')
            .fontSize(11)
            .fillColor('#d4351c')
            .text('Warning: ', MARGIN + 10, top, { continued: true, width: width - 10 });
          pdf.font('Helvetica').fillColor('black').text(block.text);
        });
        artifact(() => pdf.rect(MARGIN, top, 4, pdf.y - top).fill('#d4351c'), 'Layout');
        pdf.fillColor('black').moveDown(0.5);
      } else if (block.kind === 'chart') {
        const scale = Math.min(1, width / block.width);
        ensureSpace(pdf, block.height * scale + 10);
        const [x, top, w, h] = [MARGIN, pdf.y, block.width * scale, block.height * scale];
        tagged(sect, 'Figure', () => SVGtoPDF(pdf, block.svg, x, top, { width: w, height: h, assumePt: true }), { alt: block.description ?? block.title });
        pdf.y = top + h + 12;
      } else if (block.rows.length === 0) {
        tagged(sect, 'P', () => pdf.font('Helvetica-Oblique').fontSize(11).fillColor('#505a5f').text(block.empty, { width }));
        pdf.fillColor('black').moveDown(0.5);
      } else {
        ensureSpace(pdf, 60);
        pdf.font('Helvetica').fontSize(9).fillColor('black');
        const total = (block.widths ?? block.columns.map(() => 1)).reduce((a, b) => a + b, 0);
        pdf.table({
          columnStyles: (block.widths ?? block.columns.map(() => 1)).map((w) => (w / total) * width),
          rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#f3f2f1', font: { src: 'Helvetica-Bold' } } : undefined),
          defaultStyle: { padding: 3, border: 0.5, borderColor: '#b1b4b6' },
          data: [block.columns.map((text) => ({ text, type: 'TH' as const, scope: 'Column' })), ...block.rows],
          // Tagged as a Table of TR rows, TH header cells (column scope) and TD cells.
          structParent: sect,
        } as PDFKit.Mixins.TableOptionsWithData);
        pdf.font('Helvetica').moveDown(0.8);
      }
    }
    sect.end();
  }

  // The contents, now that the pages are known.
  pdf.switchToPage(0);
  pdf.font('Helvetica').fontSize(12).fillColor('black');
  doc.sections.forEach((section, i) => {
    const y = contentsTop + i * lineHeight;
    tagged(toc, 'TOCI', () => {
      pdf.text(`${i + 1}. ${section.title} `, MARGIN, y, { width: width - 50, lineBreak: false });
      pdf.text(String(pages[i]), MARGIN + width - 40, y, { width: 40, align: 'right', lineBreak: false });
    });
  });
  toc.end();

  // Every page: the partnership and the date at the top, the page number at the foot (artifacts).
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor('#505a5f');
    artifact(() => {
      pdf.text(doc.partnershipName, MARGIN, 28, { width: width / 2, lineBreak: false });
      pdf.text(doc.dateLine, MARGIN + width / 2, 28, { width: width / 2, align: 'right', lineBreak: false });
      pdf.text(`Page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - 36, { width, align: 'center', lineBreak: false });
    }, 'Pagination');
    pdf.page.margins.bottom = bottom;
  }
  root.end();
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

function ensureSpace(pdf: PDFKit.PDFDocument, needed: number): void {
  if (pdf.y + needed > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}
