import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { z } from "zod";
import { now } from "../clock.server";
import { config } from "../config.server";
import { getDb } from "../db.server";
import { cancelCardPayment, getCardPaymentView, startCardPayment } from "../domain/orders/card-payments.server";
import { DomainError } from "../domain/errors";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { notFound, requireOrganization } from "../http/auth.server";
import type { MessageKey } from "../i18n/i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { isStripeError, paymentsEnabled } from "../payments/stripe.server";
import { idParam } from "../http/params.server";

export const meta = pageTitle("payment.title");

// The buyer pays one invoice by card: the page shows what is paid, the POST makes (or reuses) the Stripe
// PaymentIntent, and Stripe.js's Payment Element takes the card in the browser. Pasok never sees card data;
// the invoice turns paid only through the signed webhook (/webhooks/stripe).
export const loader = defineLoader(async ({ request, params }) => {
  if (!paymentsEnabled()) notFound();
  const auth = await requireOrganization(request);
  const view = await getCardPaymentView(getDb(), {
    orderId: idParam(params, "id"),
    invoiceId: idParam(params, "invoiceId"),
    buyerId: auth.organization.id,
    actorUserId: auth.user.id,
  });
  return { ...view, publishableKey: config().STRIPE_PUBLISHABLE_KEY ?? null };
});

const StartSchema = z.object({ revision: z.coerce.number().int().positive() });

type StartResult = { clientSecret: string; paymentIntentId: string; error?: undefined } | { error: MessageKey; clientSecret?: undefined };

export const action = defineAction(async ({ request, params, form }) => {
  if (!paymentsEnabled()) notFound();
  const auth = await requireOrganization(request);
  // Without Stripe.js nobody could confirm the PaymentIntent, and a card payment under way keeps the buyer
  // from reporting a bank transfer instead.
  if (!config().STRIPE_PUBLISHABLE_KEY) return data<StartResult>({ error: "error.cardPaymentsOff" }, { status: 409 });
  if (form.get("intent") === "cancel") {
    try {
      await cancelCardPayment(getDb(), {
        orderId: idParam(params, "id"),
        invoiceId: idParam(params, "invoiceId"),
        buyerId: auth.organization.id,
        actorUserId: auth.user.id,
        now: now(),
      });
    } catch (error) {
      if (error instanceof DomainError && error.status === 409) return data<StartResult>({ error: error.messageKey }, { status: 409 });
      if (isStripeError(error)) return data<StartResult>({ error: "error.cardUnavailable" }, { status: 502 });
      throw error;
    }
    return redirect(`/orders/${idParam(params, "id")}?done=card_cancelled#invoices`);
  }
  const parsed = StartSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<StartResult>({ error: "error.invalid" }, { status: 400 });
  try {
    const started = await startCardPayment(getDb(), {
      orderId: idParam(params, "id"),
      invoiceId: idParam(params, "invoiceId"),
      buyerId: auth.organization.id,
      actorUserId: auth.user.id,
      revision: parsed.data.revision,
      now: now(),
    });
    return data<StartResult>(started, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    if (error instanceof DomainError && error.status === 409) return data<StartResult>({ error: error.messageKey }, { status: 409 });
    if (isStripeError(error)) return data<StartResult>({ error: "error.cardUnavailable" }, { status: 502 });
    throw error;
  }
});

export default function CardPaymentPage() {
  const { order, invoice, publishableKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, rupiah, date } = useT();
  const amount = rupiah(invoice.total);
  const payable = invoice.status === "issued" || invoice.status === "card_processing";

  return (
    <section className="stack narrow">
      <p>
        <Link to={`/orders/${order.id}#invoices`}>← {t("payment.backToOrder", { number: order.number })}</Link>
      </p>
      <h1>{t("payment.title")}</h1>
      <dl className="facts card">
        <dt>{t("payment.invoice")}</dt>
        <dd data-testid="payment-invoice">{invoice.number}</dd>
        <dt>{t("payment.amount")}</dt>
        <dd data-testid="payment-amount">
          <strong>{amount}</strong>
        </dd>
        <dt>{t("payment.dueOn")}</dt>
        <dd>{date(invoice.dueOn)}</dd>
      </dl>
      {invoice.status === "paid" ? (
        <p className="notice" role="status">
          {t("payment.alreadyPaid")}
        </p>
      ) : !publishableKey ? (
        <p className="card" role="status" data-testid="payment-server-only">
          {t("payment.serverOnly")}
        </p>
      ) : result?.clientSecret ? (
        <CardForm publishableKey={publishableKey} clientSecret={result.clientSecret} returnPath={`/orders/${order.id}#invoices`} amount={amount} />
      ) : payable ? (
        <Form method="post" className="stack">
          {result?.error ? (
            <div className="form-error" role="alert">
              <p>{t(result.error)}</p>
            </div>
          ) : null}
          {invoice.status === "card_processing" ? <p className="hint">{t("payment.processing")}</p> : null}
          <p className="hint">{t("payment.startHint")}</p>
          <input type="hidden" name="revision" value={invoice.revision} />
          <div className="actions">
            <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
              {t("payment.start")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="card">{t("payment.notPayable")}</p>
      )}
      {invoice.status === "card_processing" ? (
        <Form method="post" className="card">
          <p className="hint">{t("payment.cancelHint")}</p>
          <button type="submit" name="intent" value="cancel" className="danger">
            {t("payment.cancel")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

// Stripe.js, loaded from Stripe as its terms require (no npm package): only what this page uses is typed.
const STRIPE_JS = "https://js.stripe.com/v3";
interface StripePaymentElement {
  mount(element: HTMLElement): void;
  destroy(): void;
}
interface StripeElements {
  create(type: "payment"): StripePaymentElement;
}
interface StripeJs {
  elements(options: { clientSecret: string; locale?: string }): StripeElements;
  confirmPayment(options: { elements: StripeElements; confirmParams: { return_url: string } }): Promise<{ error?: { message?: string } }>;
}
type StripeFactory = (publishableKey: string, options?: { locale?: string }) => StripeJs;

let stripeJs: Promise<StripeFactory> | undefined;

function loadStripeJs(): Promise<StripeFactory> {
  const loaded = () => (window as unknown as { Stripe?: StripeFactory }).Stripe;
  stripeJs ??= new Promise<StripeFactory>((resolve, reject) => {
    const ready = loaded();
    if (ready) return resolve(ready);
    const script = document.createElement("script");
    script.src = STRIPE_JS;
    script.async = true;
    script.onload = () => {
      const factory = loaded();
      if (factory) resolve(factory);
      else reject(new Error("Stripe.js did not load"));
    };
    script.onerror = () => reject(new Error("Stripe.js did not load"));
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    stripeJs = undefined; // let a later mount try again
    throw error;
  });
  return stripeJs;
}

/** The Payment Element for one PaymentIntent; on success Stripe.js leaves for the order page. */
function CardForm({ publishableKey, clientSecret, returnPath, amount }: { publishableKey: string; clientSecret: string; returnPath: string; amount: string }) {
  const { t, locale } = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: StripeJs; elements: StripeElements } | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "paying" | "unavailable">("loading");
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let element: StripePaymentElement | undefined;
    loadStripeJs()
      .then((factory) => {
        if (cancelled || !mountRef.current) return;
        const stripe = factory(publishableKey, { locale });
        const elements = stripe.elements({ clientSecret, locale });
        element = elements.create("payment");
        element.mount(mountRef.current);
        stripeRef.current = { stripe, elements };
        setState("ready");
      })
      .catch(() => {
        if (!cancelled) setState("unavailable");
      });
    return () => {
      cancelled = true;
      element?.destroy();
      stripeRef.current = null;
    };
  }, [publishableKey, clientSecret, locale]);

  async function pay(event: FormEvent) {
    event.preventDefault();
    const current = stripeRef.current;
    if (!current || state !== "ready") return;
    setState("paying");
    setFailure(null);
    const { error } = await current.stripe.confirmPayment({
      elements: current.elements,
      confirmParams: { return_url: new URL(returnPath, window.location.origin).href },
    });
    // Only reached when the payment was not confirmed (a declined card, a closed 3-D Secure window).
    setFailure(error?.message ?? "—");
    setState("ready");
  }

  return (
    <form onSubmit={pay} className="stack" data-testid="card-form">
      {state === "loading" ? <p className="hint">{t("payment.loading")}</p> : null}
      {state === "unavailable" ? (
        <div className="form-error" role="alert">
          <p>{t("payment.loadFailed")}</p>
        </div>
      ) : null}
      <div ref={mountRef} />
      {failure ? (
        <div className="form-error" role="alert">
          <p>{t("payment.failed", { reason: failure })}</p>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={state !== "ready"}>
          {state === "paying" ? t("payment.paying") : t("payment.pay", { amount })}
        </button>
      </div>
    </form>
  );
}
