import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorPanel } from "../../components/error-panel.js";
import { StatusRegion } from "../../components/status-region.js";
import { ApiError } from "../../lib/api.js";
import { formatTime } from "../../lib/format.js";
import { complianceApi, type ScanJob } from "./compliance-api.js";

// Run a scan as the signed-in user and follow it: the server runs it in the background, this polls
// its progress, and when it is recorded the page reloads its summary and findings. A scan the cloud
// refuses (the management root may not assume the member accounts' roles) is explained here.

/** How often a running scan's progress is asked for. */
export const POLL_MS = 1000;

export interface ScanControlProps {
  /** A scan finished and was recorded: reload what shows the findings. */
  readonly onRecorded: () => void;
}

function progressText(job: ScanJob): string {
  const p = job.progress;
  if (p.accountsTotal === 0) return "Scanning: reading the resource directory…";
  return `Scanning: ${p.accountsDone} of ${p.accountsTotal} accounts, ${p.regionsDone} of ${p.regionsTotal} regions${p.last === undefined ? "" : ` (last: ${p.last})`}…`;
}

export function ScanControl(props: ScanControlProps) {
  const [job, setJob] = useState<ScanJob | undefined>();
  const [startError, setStartError] = useState<unknown>();
  const [starting, setStarting] = useState(false);
  const onRecorded = useRef(props.onRecorded);
  onRecorded.current = props.onRecorded;

  // A scan this user started earlier (another tab, a reload) is followed too.
  useEffect(() => {
    complianceApi
      .latestScan()
      .then((answer) => {
        if (answer.job !== null) setJob(answer.job);
      })
      .catch(() => undefined);
  }, []);

  const running = job?.state === "running";
  const jobId = job?.id;
  useEffect(() => {
    if (!running || jobId === undefined) return;
    let live = true;
    const timer = setInterval(() => {
      complianceApi
        .scan(jobId)
        .then(({ job: next }) => {
          if (!live) return;
          setJob(next);
          if (next.state === "succeeded") onRecorded.current();
        })
        .catch((err: unknown) => {
          if (live) setStartError(err);
        });
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [running, jobId]);

  const start = async (): Promise<void> => {
    setStarting(true);
    setStartError(undefined);
    try {
      setJob((await complianceApi.startScan()).job);
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
    }
  };

  const result = job?.result;
  return (
    <section class="panel scan-control" aria-labelledby="scan-heading">
      <div class="scan-control-row">
        <h2 id="scan-heading">Scan</h2>
        <button
          type="button"
          class="button-primary"
          disabled={starting || running}
          onClick={() => void start()}
        >
          {running ? "Scanning…" : "Run a scan"}
        </button>
      </div>
      <p class="field-hint">
        Judges every instance of every account and region against the guardrail spec, as you: the scan makes
        its calls with your keys (a RAM user of the management account, such as the demo's security-admin).
      </p>
      <StatusRegion
        label="Scan progress"
        tone={job?.state === "failed" ? "error" : job?.state === "succeeded" ? "success" : "info"}
      >
        {job === undefined
          ? ""
          : job.state === "running"
            ? progressText(job)
            : job.state === "failed"
              ? `The scan started at ${formatTime(job.startedAt)} failed.`
              : result === undefined
                ? ""
                : `Scan finished at ${formatTime(job.finishedAt)}: ${result.summary.instances} instances, ${result.summary.compliant} compliant, ${result.summary.findings} findings (${result.summary.enforcedFindings} in enforce scopes), ${result.summary.exempt} exempt.`}
      </StatusRegion>
      {job?.error === undefined ? null : (
        <ErrorPanel error={new ApiError(job.error.httpStatus ?? 0, job.error)} context="Scanning" />
      )}
      {result?.recordError === undefined ? null : (
        <ErrorPanel error={new ApiError(0, result.recordError)} context="Recording the scan" />
      )}
      {result === undefined || result.incomplete.length === 0 ? null : (
        <div class="scan-incomplete" role="note">
          <strong>Not everything could be scanned</strong> (those findings stay as the last complete scan left
          them):
          <ul>
            {result.incomplete.map((gap) => (
              <li key={`${gap.accountId}/${gap.regionId ?? ""}`}>
                {gap.accountName} (<code>{gap.accountId}</code>)
                {gap.regionId === undefined ? (
                  ""
                ) : (
                  <>
                    {" "}
                    in <code>{gap.regionId}</code>
                  </>
                )}
                : {gap.error.message}
                {gap.error.help === undefined ? null : <div class="field-hint">{gap.error.help}</div>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {startError === undefined ? null : <ErrorPanel error={startError} context="Starting a scan" />}
    </section>
  );
}
