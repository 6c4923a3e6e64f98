import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A bar chart: one bar per label. */
export interface BarChart {
  title: string;
  /** The axis title of the values. */
  valueTitle: string;
  /** `percent`: values are shares (0-1) shown as percentages. */
  format: 'percent' | 'count';
  bars: { label: string; value: number }[];
}

const FONT = 'Helvetica';

/**
 * Draws a horizontal bar chart to SVG with Vega-Lite (compiled to Vega and
 * rendered headless, no canvas): the pack's and the annual report's charts.
 * Text is set in Helvetica, which PDF readers always have.
 */
export async function barChartSvg(chart: BarChart, width = 300): Promise<{ svg: string; width: number; height: number }> {
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  // Whole numbers on a count axis (no 0, 1, 1 for a maximum of 1).
  const countTicks = max <= 10 ? Array.from({ length: Math.ceil(max) + 1 }, (_, i) => i) : undefined;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: chart.title, anchor: 'start', font: FONT, fontSize: 13 },
    width,
    height: { step: 22 },
    background: 'white',
    // Room for the value labels and for text measured without a canvas (estimated widths).
    padding: { left: 5, top: 5, right: 40, bottom: 16 },
    data: { values: chart.bars.map((b) => ({ ...b, text: chart.format === 'percent' ? `${Math.round(b.value * 100)}%` : String(b.value) })) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFont: FONT, labelFontSize: 11, labelLimit: 180 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: chart.valueTitle,
        scale: chart.format === 'percent' ? { domain: [0, 1] } : { domain: [0, countTicks ? countTicks[countTicks.length - 1] : max], nice: !countTicks },
        axis: { format: chart.format === 'percent' ? '.0%' : ',d', values: chart.format === 'count' ? countTicks : undefined, labelFont: FONT, titleFont: FONT },
      },
    },
    layer: [
      { mark: { type: 'bar', color: '#1d70b8' } },
      // The value at the end of each bar, so a reader need not judge lengths.
      { mark: { type: 'text', align: 'left', dx: 4, font: FONT, fontSize: 10, color: '#0b0c0c' }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
    config: { view: { stroke: null }, font: FONT },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const size = (name: string) => Number(new RegExp(`<svg[^>]* ${name}="([0-9.]+)"`).exec(svg)?.[1] ?? 0);
    const [w, h] = [size('width'), size('height')];
    // A viewBox lets the chart be scaled to the page instead of clipped.
    return { svg: /viewBox=/.test(svg) ? svg : svg.replace('<svg ', `<svg viewBox="0 0 ${w} ${h}" `), width: w, height: h };
  } finally {
    view.finalize();
  }
}
