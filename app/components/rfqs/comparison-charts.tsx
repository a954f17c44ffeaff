import type { Comparison } from "../../domain/rfqs/comparison.server";
import { useT } from "../../i18n/use-t";

/** Each line's unit prices as bars, and with partial bids the whole need per bid, priced like with like. */
export function ComparisonCharts({ comparison }: { comparison: Comparison }) {
  const { t, rupiah } = useT();
  const { lines, bids } = comparison;
  const anyPartial = bids.some((b) => !b.coverage.complete);
  const wholeNeeds = bids.map((b) => b.coverage.wholeNeedAmount).filter((a): a is number => a !== null);
  const lowestWhole = wholeNeeds.length > 0 ? Math.min(...wholeNeeds) : null;
  return (
    <>
      {lines.map((line) => {
        const priced = bids.filter((b) => b.cells[line.id]);
        if (priced.length === 0) return null;
        const maxPrice = Math.max(...priced.map((b) => b.cells[line.id]!.unitPrice));
        return (
          <figure className="card bar-chart" key={line.id}>
            <figcaption>{t("compare.chart", { line: `${line.position}. ${line.part_name}` })}</figcaption>
            {priced.map((b) => {
              const cell = b.cells[line.id]!;
              return (
                <div className={cell.lowest ? "bar-row lowest" : "bar-row"} key={b.id}>
                  <span className="bar-label">{b.supplier.legalName}</span>
                  <span className="bar-track">
                    <span className="bar" style={{ width: `${Math.max(2, (cell.unitPrice / maxPrice) * 100)}%` }} />
                  </span>
                  <span className="bar-value">{rupiah(cell.unitPrice)}</span>
                </div>
              );
            })}
          </figure>
        );
      })}
      {anyPartial && wholeNeeds.length > 0 ? (
        <figure className="card bar-chart" data-testid="whole-need-chart">
          <figcaption>{t("compare.wholeNeedChart")}</figcaption>
          {bids
            .filter((b) => b.coverage.wholeNeedAmount !== null)
            .map((b) => (
              <div className={b.coverage.wholeNeedAmount === lowestWhole ? "bar-row lowest" : "bar-row"} key={b.id}>
                <span className="bar-label">
                  {b.supplier.legalName}
                  {b.coverage.complete ? "" : ` (${t("compare.partial").toLowerCase()})`}
                </span>
                <span className="bar-track">
                  <span className="bar" style={{ width: `${Math.max(2, (b.coverage.wholeNeedAmount! / Math.max(...wholeNeeds)) * 100)}%` }} />
                </span>
                <span className="bar-value">{rupiah(b.coverage.wholeNeedAmount!)}</span>
              </div>
            ))}
          <p className="hint">{t("compare.wholeNeedNote")}</p>
        </figure>
      ) : null}
    </>
  );
}
