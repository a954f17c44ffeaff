import { useId } from "react";
import type { Scorecard as ScorecardData } from "../domain/scorecards/scorecard.server";
import { formatPercent, intlLocale } from "../i18n/format";
import type { Locale } from "../i18n/i18n";
import { useT } from "../i18n/use-t";

// A supplier's scorecard: the three figures and a small SVG chart of the last 12 months (two series, bars),
// drawn by hand: no chart library. Figures are computed on the server (app/domain/scorecards).

const ON_TIME_COLOR = "#1d4e6b"; // --brand
const FIRST_PASS_COLOR = "#e0a022"; // a darker --accent, readable on white

/** "Nov 2026" / "Nov 26" style month label for "YYYY-MM". */
function monthLabel(month: string, locale: Locale, withYear: boolean): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale[locale], { month: "short", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

export function ScorecardCard({ scorecard, heading = true }: { scorecard: ScorecardData; heading?: boolean }) {
  const { t, locale, number } = useT();
  const pct = (v: number | null) => formatPercent(v, locale);
  const figures = [
    {
      key: "onTime",
      label: t("scorecard.onTime"),
      value: scorecard.onTimePercent,
      detail: t("scorecard.onTimeDetail", { met: number(scorecard.onTimeCount.met), due: number(scorecard.onTimeCount.due) }),
    },
    {
      key: "firstPass",
      label: t("scorecard.firstPass"),
      value: scorecard.firstPassPercent,
      detail: t("scorecard.firstPassDetail", { accepted: number(scorecard.firstPass.accepted), inspected: number(scorecard.firstPass.inspected) }),
    },
    {
      key: "bidResponse",
      label: t("scorecard.bidResponse"),
      value: scorecard.bidResponsePercent,
      detail: t("scorecard.bidResponseDetail", { bids: number(scorecard.bidResponse.bids), invitations: number(scorecard.bidResponse.invitations) }),
    },
  ];
  return (
    <section className="card scorecard stack" aria-label={t("scorecard.title")} data-testid="scorecard">
      {heading ? <h2>{t("scorecard.title")}</h2> : null}
      <ul className="stat-grid">
        {figures.map((f) => (
          <li key={f.key} data-figure={f.key}>
            <span className="stat">{pct(f.value)}</span>
            <span>{f.label}</span>
            <small className="hint">{f.value === null ? t("scorecard.noData") : f.detail}</small>
          </li>
        ))}
      </ul>
      <ScorecardChart months={scorecard.months} />
      <p className="hint">{t("scorecard.definitions")}</p>
    </section>
  );
}

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { top: 10, right: 8, bottom: 28, left: 36 };

/** Bars per month for on-time delivery and first-pass quality (0–100 %); a month without data has no bar. */
export function ScorecardChart({ months }: { months: ScorecardData["months"] }) {
  const { t, locale } = useT();
  const titleId = useId();
  const descId = useId();
  const pct = (v: number | null) => formatPercent(v, locale);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(months.length, 1);
  const barWidth = Math.min(14, (slot - 6) / 2);
  const y = (value: number) => PAD.top + plotHeight - (value / 100) * plotHeight;
  const series = [
    { key: "onTimePercent" as const, label: t("scorecard.onTime"), color: ON_TIME_COLOR },
    { key: "firstPassPercent" as const, label: t("scorecard.firstPass"), color: FIRST_PASS_COLOR },
  ];
  const description = months
    .filter((m) => m.onTimePercent !== null || m.firstPassPercent !== null)
    .map((m) => t("scorecard.chartMonth", { month: monthLabel(m.month, locale, true), onTime: pct(m.onTimePercent), firstPass: pct(m.firstPassPercent) }))
    .join("; ");

  return (
    <figure className="scorecard-chart" style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        style={{ maxWidth: `${WIDTH}px`, height: "auto", display: "block" }}
      >
        <title id={titleId}>{t("scorecard.chartTitle")}</title>
        <desc id={descId}>{description || t("scorecard.noData")}</desc>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="#d9dee5" strokeWidth={1} strokeDasharray={v === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={10} fill="#5b6675">
              {v}%
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x0 = PAD.left + i * slot + (slot - 2 * barWidth - 2) / 2;
          return (
            <g key={m.month} data-month={m.month}>
              {series.map((s, j) => {
                const value = m[s.key];
                if (value === null) return null;
                const top = y(value);
                return (
                  <rect key={s.key} x={x0 + j * (barWidth + 2)} y={top} width={barWidth} height={Math.max(PAD.top + plotHeight - top, 1)} fill={s.color} data-series={s.key}>
                    <title>{`${monthLabel(m.month, locale, true)} · ${s.label}: ${pct(value)}`}</title>
                  </rect>
                );
              })}
              <text x={PAD.left + i * slot + slot / 2} y={HEIGHT - PAD.bottom + 14} textAnchor="middle" fontSize={10} fill="#5b6675">
                {monthLabel(m.month, locale, false)}
              </text>
              {i === 0 || m.month.endsWith("-01") ? (
                <text x={PAD.left + i * slot + slot / 2} y={HEIGHT - PAD.bottom + 25} textAnchor="middle" fontSize={9} fill="#5b6675">
                  {m.month.slice(0, 4)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="scorecard-legend" style={{ listStyle: "none", padding: 0, margin: "0.25rem 0 0", display: "flex", flexWrap: "wrap", gap: "0.25rem 1rem", fontSize: "0.85rem" }}>
          {series.map((s) => (
            <li key={s.key} data-series={s.key}>
              <svg width="10" height="10" aria-hidden="true" style={{ marginRight: "0.35rem" }}>
                <rect width="10" height="10" fill={s.color} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
