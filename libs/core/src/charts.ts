/**
 * Charts as SVG (vega-lite specs rendered without a browser): the meeting
 * packs and the console draw the same charts. Imported by path
 * (`@app/core/charts`), not through the core index, so only the processes
 * that draw load vega.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { lastOf } from './rows';

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

/** Whole numbers on a count axis up to a small maximum (no 0, 1, 1 for a maximum of 1); undefined: the scale's own. */
const wholeTicks = (max: number) => (max <= 10 ? Array.from({ length: Math.ceil(max) + 1 }, (_, i) => i) : undefined);

/** What every chart's specification starts with: the schema, the title in the chart's font, the size. */
const frame = (title: string, width: number, height: number | { step: number }) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: { text: title, anchor: 'start' as const, font: FONT, fontSize: 13 },
  width,
  height,
  background: 'white',
});

/** A line chart: one line per series over the same ordered labels (e.g. months). */
export interface LineChart {
  title: string;
  valueTitle: string;
  labels: string[];
  series: { name: string; values: number[] }[];
}

/**
 * Draws a horizontal bar chart to SVG with Vega-Lite (compiled to Vega and
 * rendered headless, no canvas): the pack's and the annual report's charts.
 * Text is set in Helvetica, which PDF readers always have.
 */
export async function barChartSvg(chart: BarChart, width = 300): Promise<DrawnChart> {
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const bars = chart.bars.map((b) => ({ ...b, text: chart.format === 'percent' ? `${Math.round(b.value * 100)}%` : String(b.value) }));
  const countTicks = wholeTicks(max);
  const spec: TopLevelSpec = {
    ...frame(chart.title, width, { step: 22 }),
    // Room for the value labels and for text measured without a canvas (estimated widths).
    padding: { left: 5, top: 5, right: 40, bottom: 16 },
    data: { values: bars },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFont: FONT, labelFontSize: 11, labelLimit: 180 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: chart.valueTitle,
        scale: chart.format === 'percent' ? { domain: [0, 1] } : { domain: [0, countTicks ? lastOf(countTicks) : max], nice: !countTicks },
        axis: {
          format: chart.format === 'percent' ? '.0%' : ',d',
          values: chart.format === 'count' ? countTicks : undefined,
          labelFont: FONT,
          titleFont: FONT,
        },
      },
    },
    layer: [
      { mark: { type: 'bar', color: '#1d70b8' } },
      // The value at the end of each bar, so a reader need not judge lengths.
      { mark: { type: 'text', align: 'left', dx: 4, font: FONT, fontSize: 10, color: '#0b0c0c' }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
    config: { view: { stroke: null }, font: FONT },
  };
  return render(spec, `Bar chart, ${chart.title}. ${chart.valueTitle}: ${bars.map((b) => `${b.label} ${b.text}`).join('; ')}.`);
}

/**
 * Draws a line chart to SVG with Vega-Lite: the incident trend. Each series
 * has its own colour and point shape (not colour alone), a legend names them.
 */
export async function lineChartSvg(chart: LineChart, width = 380): Promise<DrawnChart> {
  const values = chart.series.flatMap((s) => s.values.map((value, i) => ({ label: chart.labels[i], series: s.name, value })));
  const max = Math.max(1, ...values.map((v) => v.value));
  const ticks = wholeTicks(max);
  const spec: TopLevelSpec = {
    ...frame(chart.title, width, 180),
    padding: { left: 5, top: 5, right: 10, bottom: 10 },
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -45, labelFont: FONT, labelFontSize: 9 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: chart.valueTitle,
        scale: { domain: [0, ticks ? lastOf(ticks) : max], nice: !ticks },
        axis: { format: ',d', values: ticks, labelFont: FONT, titleFont: FONT },
      },
      color: {
        field: 'series',
        type: 'nominal',
        sort: null,
        title: null,
        scale: { range: ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#505a5f', '#b58840'] },
        legend: { orient: 'bottom', labelFont: FONT, labelLimit: 220, columns: 2 },
      },
      shape: { field: 'series', type: 'nominal', sort: null, legend: null },
    },
    config: { view: { stroke: null }, font: FONT },
  };
  const lines = chart.series.map((s) => `${s.name}: ${s.values.join(', ')}`).join('; ');
  return render(spec, `Line chart, ${chart.title}. ${chart.valueTitle} from ${chart.labels[0]} to ${chart.labels[chart.labels.length - 1]}, ${lines}.`);
}

/** A horizontal stacked bar chart: one bar per label, its parts in the order of `parts`. */
export interface StackedBarChart {
  title: string;
  valueTitle: string;
  /** Each part's name (the legend) and colour, dark enough for white figures on it. */
  parts: { name: string; color: string }[];
  bars: { label: string; values: number[] }[];
}

/**
 * Draws a stacked bar chart to SVG with Vega-Lite: agency performance, each
 * agency's actions split by outcome. Every part carries its count in figures
 * (not length and colour alone) and the description lists them all.
 */
export async function stackedBarChartSvg(chart: StackedBarChart, width = 420): Promise<DrawnChart> {
  const values = chart.bars.flatMap((b) => chart.parts.map((p, i) => ({ label: b.label, part: p.name, order: i, value: b.values[i] ?? 0 })));
  const max = Math.max(1, ...chart.bars.map((b) => b.values.reduce((sum, v) => sum + v, 0)));
  const ticks = wholeTicks(max);
  const spec: TopLevelSpec = {
    ...frame(chart.title, width, { step: 26 }),
    padding: { left: 5, top: 5, right: 20, bottom: 10 },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFont: FONT, labelFontSize: 11, labelLimit: 180 } },
      x: {
        field: 'value',
        type: 'quantitative',
        stack: 'zero',
        title: chart.valueTitle,
        scale: { domain: [0, ticks ? lastOf(ticks) : max], nice: !ticks },
        axis: { format: ',d', values: ticks, labelFont: FONT, titleFont: FONT },
      },
      order: { field: 'order', type: 'quantitative' },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: {
            field: 'part',
            type: 'nominal',
            sort: null,
            title: null,
            scale: { domain: chart.parts.map((p) => p.name), range: chart.parts.map((p) => p.color) },
            legend: { orient: 'bottom', labelFont: FONT, labelLimit: 220, columns: 2 },
          },
        },
      },
      // Each part's count at its right-hand end, inside the bar.
      {
        transform: [{ filter: 'datum.value > 0' }],
        mark: { type: 'text', align: 'right', dx: -3, font: FONT, fontSize: 10, color: 'white' },
        encoding: { text: { field: 'value', type: 'quantitative', format: ',d' } },
      },
    ],
    config: { view: { stroke: null }, font: FONT },
  };
  const bars = chart.bars.map((b) => `${b.label}: ${chart.parts.map((p, i) => `${p.name} ${b.values[i] ?? 0}`).join(', ')}`).join('; ');
  return render(spec, `${chart.title}. ${bars}.`);
}

/** A chart drawn to SVG, with its size and a description in words (the PDF's alternative text). */
export interface DrawnChart {
  svg: string;
  width: number;
  height: number;
  description: string;
}

async function render(spec: TopLevelSpec, description: string): Promise<DrawnChart> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const size = (name: string) => Number(new RegExp(`<svg[^>]* ${name}="([0-9.]+)"`).exec(svg)?.[1] ?? 0);
    const [w, h] = [size('width'), size('height')];
    // A viewBox lets the chart be scaled to the page instead of clipped.
    return { svg: /viewBox=/.test(svg) ? svg : svg.replace('<svg ', `<svg viewBox="0 0 ${w} ${h}" `), width: w, height: h, description };
  } finally {
    view.finalize();
  }
}
