/** The text of each page of a PDF (pdfjs-dist, the library browsers use to show PDFs). */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await doc.cleanup();
  return pages;
}

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

/** What a screen reader is given: the PDF's marking, language and title, and its structure tree's roles (pdfjs-dist). */
export async function pdfAccessibility(
  data: Buffer,
): Promise<{ marked: boolean; lang: string | null; title: string | null; roles: string[]; figureAlts: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: true }).promise;
  const markInfo = (await doc.getMarkInfo()) as Map<string, boolean> | { Marked?: boolean } | null;
  const { info } = (await doc.getMetadata()) as { info: { Title?: string } };
  // The catalog's /Lang (pdfjs does not report it), read from the catalog object itself.
  const text = data.toString('latin1');
  const at = text.indexOf('/Type /Catalog');
  const catalog = at < 0 ? '' : text.slice(text.lastIndexOf(' obj', at), text.indexOf('endobj', at));
  const lang = /\/Lang \(([^)]*)\)/.exec(catalog)?.[1] ?? null;
  const roles: string[] = [];
  const figureAlts: string[] = [];
  const walk = (node: StructNode | null) => {
    if (!node) return;
    if (node.role) roles.push(node.role);
    if (node.role === 'Figure' && node.alt) figureAlts.push(node.alt);
    for (const child of node.children ?? []) walk(child);
  };
  for (let i = 1; i <= doc.numPages; i++) walk((await (await doc.getPage(i)).getStructTree()) as StructNode | null);
  await doc.cleanup();
  // A Map (of another realm under Jest, so not instanceof Map) in current pdfjs, an object in older ones.
  const marked =
    markInfo !== null && 'get' in markInfo && typeof markInfo.get === 'function'
      ? markInfo.get('Marked') === true
      : (markInfo as { Marked?: boolean } | null)?.Marked === true;
  return { marked, lang, title: info.Title ?? null, roles, figureAlts };
}
