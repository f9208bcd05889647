"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";
import type { SentryProjectChoice, SettingsFieldErrors } from "@/lib/errors/error-tracking-settings";
import type { ConnectFormState, SettingsFormState } from "@/lib/errors/error-tracking-settings-form";
import { formatSentryProjectOption } from "@/lib/errors/sentry-project-option";

// Error Tracking settings (SPEC §6): Active, the backend, and for Sentry the API URL, the auth
// token, Connect (which fills the Project dropdown) and Save changes. The token field never
// holds the stored token; it only says that one is set. The form is submitted from its
// handler rather than as a form action, so that React does not clear what was typed (a URL
// and token to fix) when the server answers with field errors.

type Backend = "integrated" | "sentry";

export interface ErrorTrackingFormValues {
  active: boolean;
  backend: Backend;
  apiUrl: string;
  hasToken: boolean;
  project: SentryProjectChoice | null;
  rateLimit: number | null;
}

interface Props {
  initial: ErrorTrackingFormValues;
  saveAction: (previous: SettingsFormState, form: FormData) => Promise<SettingsFormState>;
  connectAction: (previous: ConnectFormState, form: FormData) => Promise<ConnectFormState>;
  /** Shown below the form while Faultline is the chosen backend: the DSN and client keys. */
  integratedPanel: ReactNode;
}

const INPUT =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-900 shadow-sm " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 aria-[invalid=true]:border-red-500";
const LABEL = "block text-sm font-medium text-gray-900";
const HINT = "mt-1 text-sm text-gray-600";

function projectLabel(project: SentryProjectChoice): string {
  return `${project.organizationName} / ${project.name}`;
}

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const present = ids.filter(Boolean);
  return present.length > 0 ? present.join(" ") : undefined;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}

export function ErrorTrackingSettingsForm({ initial, saveAction, connectAction, integratedPanel }: Props) {
  const [saveState, save, saving] = useActionState(saveAction, null);
  const [connectState, connect, connecting] = useActionState(connectAction, null);
  const [lastAction, setLastAction] = useState<"save" | "connect" | null>(null);
  const [backend, setBackend] = useState<Backend>(initial.backend);
  const formRef = useRef<HTMLFormElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const latest = lastAction === "save" ? saveState : lastAction === "connect" ? connectState : null;
  const fieldErrors: SettingsFieldErrors = latest && !latest.ok ? latest.fieldErrors : {};
  const projects: SentryProjectChoice[] =
    connectState?.ok ? connectState.projects : initial.project ? [initial.project] : [];
  const savedProject = initial.project ? formatSentryProjectOption(initial.project) : "";
  const projectDefault = projects.some((p) => formatSentryProjectOption(p) === savedProject) ? savedProject : "";
  const tokenIsSet = initial.hasToken;

  // Once saved, the typed token is stored (sealed); the field goes back to saying so.
  useEffect(() => {
    if (saveState?.ok && tokenRef.current) tokenRef.current.value = "";
  }, [saveState]);

  // After a refusal, keyboard and screen reader users land on the first field to fix.
  useEffect(() => {
    if (latest && !latest.ok) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [latest]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setLastAction("save");
    startTransition(() => save(form));
  }

  function connectToSentry() {
    if (!formRef.current) return;
    const form = new FormData(formRef.current);
    setLastAction("connect");
    startTransition(() => connect(form));
  }

  const ids = {
    activeHint: `${id}-active-hint`,
    backendError: `${id}-backend-error`,
    apiUrl: `${id}-api-url`,
    apiUrlHint: `${id}-api-url-hint`,
    apiUrlError: `${id}-api-url-error`,
    token: `${id}-token`,
    tokenHint: `${id}-token-hint`,
    tokenError: `${id}-token-error`,
    project: `${id}-project`,
    projectError: `${id}-project-error`,
    connectStatus: `${id}-connect-status`,
    rateLimit: `${id}-rate-limit`,
    rateLimitHint: `${id}-rate-limit-hint`,
    rateLimitError: `${id}-rate-limit-error`,
  };

  return (
    <div className="space-y-8">
      <form ref={formRef} method="post" onSubmit={submit} noValidate className="space-y-6" aria-busy={saving || connecting}>
        <div>
          <div className="flex items-center gap-2">
            <input
              id={`${id}-active`}
              type="checkbox"
              name="active"
              defaultChecked={initial.active}
              aria-describedby={ids.activeHint}
              className="size-4 rounded border-gray-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            />
            <label htmlFor={`${id}-active`} className={LABEL}>
              Active
            </label>
          </div>
          <p id={ids.activeHint} className={HINT}>
            Error tracking is on for this project. When off, new events are refused.
          </p>
        </div>

        <fieldset aria-describedby={describedBy(fieldErrors.backend && ids.backendError)}>
          <legend className={LABEL}>Error tracking backend</legend>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
            {(
              [
                ["integrated", "Faultline", "Events are sent to this server (DSN below)."],
                ["sentry", "Sentry", "Errors are read from a Sentry server."],
              ] as const
            ).map(([value, label, hint]) => (
              <div key={value} className="flex items-start gap-2 text-sm text-gray-900">
                <input
                  id={`${id}-backend-${value}`}
                  type="radio"
                  name="backend"
                  value={value}
                  checked={backend === value}
                  onChange={() => setBackend(value)}
                  aria-describedby={`${id}-backend-${value}-hint`}
                  className="mt-0.5 size-4 border-gray-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                />
                <span>
                  <label htmlFor={`${id}-backend-${value}`} className="font-medium">
                    {label}
                  </label>
                  <span id={`${id}-backend-${value}-hint`} className="block text-gray-600">
                    {hint}
                  </span>
                </span>
              </div>
            ))}
          </div>
          <FieldError id={ids.backendError} message={fieldErrors.backend} />
        </fieldset>

        <div hidden={backend !== "sentry"} className="space-y-5 rounded-lg border border-gray-200 bg-white p-4">
          <div>
            <label htmlFor={ids.apiUrl} className={LABEL}>
              Sentry API URL
            </label>
            <input
              id={ids.apiUrl}
              name="apiUrl"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              placeholder="https://sentry.example.com"
              defaultValue={initial.apiUrl}
              aria-invalid={Boolean(fieldErrors.apiUrl)}
              aria-describedby={describedBy(ids.apiUrlHint, fieldErrors.apiUrl && ids.apiUrlError)}
              className={INPUT}
            />
            <p id={ids.apiUrlHint} className={HINT}>
              The address of your Sentry server, for example https://sentry.io.
            </p>
            <FieldError id={ids.apiUrlError} message={fieldErrors.apiUrl} />
          </div>

          <div>
            <label htmlFor={ids.token} className={LABEL}>
              Auth Token
            </label>
            <input
              ref={tokenRef}
              id={ids.token}
              name="token"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={tokenIsSet ? "A token is set" : undefined}
              aria-invalid={Boolean(fieldErrors.token)}
              aria-describedby={describedBy(ids.tokenHint, fieldErrors.token && ids.tokenError)}
              className={INPUT}
            />
            <p id={ids.tokenHint} className={HINT}>
              {tokenIsSet
                ? "A token is set. Leave this empty to keep it, or enter a new one to replace it."
                : "A Sentry auth token with the project:read, event:read and event:write scopes."}
            </p>
            <FieldError id={ids.tokenError} message={fieldErrors.token} />
          </div>

          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={connectToSentry} disabled={connecting} aria-describedby={ids.connectStatus}>
              Connect
            </Button>
            <p id={ids.connectStatus} role="status" className="text-sm text-gray-700">
              {connecting ? "Connecting to Sentry…" : lastAction === "connect" && connectState?.ok ? connectState.message : ""}
            </p>
          </div>

          <div>
            <label htmlFor={ids.project} className={LABEL}>
              Project
            </label>
            <select
              key={connectState?.ok ? connectState.projects.map(formatSentryProjectOption).join(",") : "saved"}
              id={ids.project}
              name="project"
              defaultValue={projectDefault}
              aria-invalid={Boolean(fieldErrors.project)}
              aria-describedby={describedBy(fieldErrors.project && ids.projectError)}
              className={INPUT}
            >
              <option value="">{projects.length === 0 ? "Connect to list the projects" : "Choose a project"}</option>
              {projects.map((project) => {
                const value = formatSentryProjectOption(project);
                return (
                  <option key={value} value={value}>
                    {projectLabel(project)}
                  </option>
                );
              })}
            </select>
            <FieldError id={ids.projectError} message={fieldErrors.project} />
          </div>
        </div>

        <div hidden={backend !== "integrated"}>
          <label htmlFor={ids.rateLimit} className={LABEL}>
            Rate limit (events per minute)
          </label>
          <input
            id={ids.rateLimit}
            name="rateLimit"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            defaultValue={initial.rateLimit ?? ""}
            aria-invalid={Boolean(fieldErrors.rateLimit)}
            aria-describedby={describedBy(ids.rateLimitHint, fieldErrors.rateLimit && ids.rateLimitError)}
            className={`${INPUT} sm:max-w-xs`}
          />
          <p id={ids.rateLimitHint} className={HINT}>
            Events beyond this are refused with 429. Leave empty for no limit.
          </p>
          <FieldError id={ids.rateLimitError} message={fieldErrors.rateLimit} />
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={saving}>
            Save changes
          </Button>
          {saving ? (
            <p role="status" className="text-sm text-gray-700">
              Saving…
            </p>
          ) : null}
        </div>
        {latest && !latest.ok ? <Banner tone="error">{latest.message}</Banner> : null}
        {lastAction === "save" && saveState?.ok ? <Banner tone="info">{saveState.message}</Banner> : null}
      </form>

      {backend === "integrated" ? integratedPanel : null}
    </div>
  );
}
