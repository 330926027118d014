namespace ChatNetOps.Core.Checks;

using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Requests;

/// <summary>
/// Runs a change's pre- or post-check on its device: fills the check runbook's inputs from the change's, validates
/// them like a chat request, executes the (read-only) commands, parses the output and judges it by the change's
/// <c>compare:</c> rules. A post-check that fails is tried again every <see cref="CheckStep.Every"/> until
/// <see cref="CheckStep.Within"/> has passed, waiting on the injected <see cref="TimeProvider"/>. The raw output is hashed
/// (the hash goes into the audit chain); only the rows that matter are kept.
/// </summary>
public sealed class CheckRunner(InventoryCatalog catalog, IEnumerable<IDeviceExecutor> executors, TimeProvider time)
{
    private readonly Dictionary<Transport, IDeviceExecutor> _executors = executors.ToDictionary(e => e.Transport);

    public async Task<CheckResult> RunAsync(Runbook change, CheckPhase phase, RunRequest request, Device device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var step = (phase == CheckPhase.Before ? change.PreCheck : change.PostCheck)
            ?? throw new InvalidOperationException($"Runbook '{change.Name}' declares no {(phase == CheckPhase.Before ? "pre_check" : "post_check")}; check before calling.");
        var deadline = time.GetUtcNow() + step.Within;
        var attempts = 0;
        while (true)
        {
            attempts++;
            var result = await OnceAsync(change, step, phase, request, device, cancellationToken) with { Attempts = attempts, Advisory = step.Advisory };
            if (result.Passed || time.GetUtcNow() + step.Every > deadline)
            {
                return result;
            }

            await Task.Delay(step.Every, time, cancellationToken);
        }
    }

    private async Task<CheckResult> OnceAsync(Runbook change, CheckStep step, CheckPhase phase, RunRequest request, Device device, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        CheckResult Failed(string error) => new(phase, step.Link.Runbook, device.Name, false, error, [new CheckFinding("check ran", false, error)], [], [], string.Empty, string.Empty, 0, at) { Error = error };

        var check = catalog.FindRunbook(step.Link.Runbook);
        if (check?.Parser is null || check.IsStateChanging)
        {
            return Failed($"check runbook {step.Link.Runbook} is not a read-only runbook with a parser in the catalog");
        }

        if (step.Link.Fill(request.Inputs) is not { } raw)
        {
            return Failed($"the change's inputs do not fill the inputs of {check.Name}");
        }

        var validation = InputValidator.Validate(check, raw, catalog);
        if (!validation.IsValid)
        {
            return Failed($"{check.Name} refused its inputs: {string.Join("; ", validation.Errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        if (!check.Targets(device))
        {
            return Failed($"{check.Name} does not target {device.Name}");
        }

        if (!_executors.TryGetValue(device.Transport, out var executor))
        {
            return Failed($"this worker has no executor for transport {device.Transport.ToName()}");
        }

        var plan = new DeviceCommandPlan($"{request.Id}/{(phase == CheckPhase.Before ? "pre" : "post")}-check", device, check.Name, check.Mode,
            CommandRenderer.Render(check, device.Platform, validation.Values), validation.Values, check.Timeout);
        DeviceRunResult run;
        try
        {
            run = await executor.ExecuteAsync(plan, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed($"executor fault ({e.GetType().Name}); see worker logs");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.RawOutput)));
        if (run.Status != ExecutionStatus.Succeeded)
        {
            return Failed($"{check.Name} did not finish: {run.Error ?? "the device returned " + run.ReturnCode}") with { OutputSha256 = sha };
        }

        var parsed = check.Parser.Parse(device.Platform, OutputRedactor.Redact(run.RawOutput).Text)
            ?? new ParsedOutput(Verdict.Warning, ParsedOutput.NotRecognisedSummary, false, [], [], check.Parser.Key, []);
        var (passed, summary, findings, rows) = CompareEvaluator.Evaluate(change.Compare, phase, parsed, request.Inputs, request.PreCheck?.Rows);
        return new CheckResult(phase, check.Name, device.Name, passed, summary, findings, rows, parsed.Show, parsed.Key, sha, 0, at) { Verdict = parsed.Verdict };
    }
}
