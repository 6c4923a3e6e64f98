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
export async function barChartSvg(chart: BarChart, width = 360): Promise<{ svg: string; width: number; height: number }> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: chart.title, anchor: 'start', font: FONT, fontSize: 13 },
    width,
    height: { step: 22 },
    background: 'white',
    data: { values: chart.bars },
    mark: { type: 'bar', color: '#1d70b8' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFont: FONT, labelFontSize: 11, labelLimit: 200 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: chart.valueTitle,
        scale: chart.format === 'percent' ? { domain: [0, 1] } : { zero: true },
        axis: { format: chart.format === 'percent' ? '.0%' : 'd', tickMinStep: chart.format === 'count' ? 1 : undefined, labelFont: FONT, titleFont: FONT },
      },
    },
    config: { view: { stroke: null }, font: FONT },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const size = (name: string) => Number(new RegExp(`<svg[^>]* ${name}="([0-9.]+)"`).exec(svg)?.[1] ?? 0);
    return { svg, width: size('width'), height: size('height') };
  } finally {
    view.finalize();
  }
}
