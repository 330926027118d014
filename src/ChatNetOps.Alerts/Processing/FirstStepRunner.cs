namespace ChatNetOps.Alerts.Processing;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// A route's first step: its inputs mapped from an alert (<c>{device}</c>, <c>{labels.NAME}</c>), and with
/// <c>auto_run: true</c> the request made at once, as the principal <c>alert:&lt;source&gt;</c>, when the incident opens.
/// Only a read-only runbook is ever requested this way (lint refuses others; this refuses them again), on a device in
/// the route's scope that the runbook targets, with inputs that pass the runbook's own validation. The request id
/// is derived from the incident, so a retried pass never requests twice.
/// </summary>
public sealed partial class FirstStepRunner(InventoryCatalog catalog, IRequestStore requests, RequestJournal journal, TimeProvider time, ILogger<FirstStepRunner> logger)
{
    /// <summary>The most devices a card offers to pick from when no alert names one (Slack's static select takes 100).</summary>
    public const int MaxChoices = 100;

    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The id an auto-run of <paramref name="incidentId"/>'s first step gets (<c>R-</c> and eight characters).</summary>
    public static string RequestIdFor(string incidentId)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("first-step\n" + incidentId.ToUpperInvariant()));
        return "R-" + new string([.. hash.Take(8).Select(b => Crockford[b % 32])]);
    }

    /// <summary>The first step as the card offers it for these alerts: the first (firing) alert with a device, its inputs mapped.</summary>
    public AlertFirstStep? Plan(AlertRoute route, IEnumerable<TrackedAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.FirstStep is not { } step)
        {
            return null;
        }

        var ordered = alerts.OrderBy(a => a.Status == AlertStatus.Firing ? 0 : 1).ThenBy(a => a.StartsAt).ToArray();
        var alert = ordered.FirstOrDefault(a => a.Device is not null);
        if (alert is null)
        {
            // The card offers the route's devices the runbook targets to pick from, with what the labels fill.
            return new AlertFirstStep(step.Runbook, null, ordered.Length == 0 ? new Dictionary<string, string>() : LabelInputs(step, ordered[0]))
            {
                Problem = "no alert names a device of this route",
                Choices = catalog.FindRunbook(step.Runbook) is { IsStateChanging: false } offered
                    ? [.. catalog.Devices.Where(d => route.InScope(d) && offered.Targets(d)).Select(d => d.Name).Order(StringComparer.OrdinalIgnoreCase).Take(MaxChoices)]
                    : [],
            };
        }

        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var (name, template) in step.Inputs)
        {
            var value = Placeholder().Replace(template, m =>
            {
                var key = m.Groups["name"].Value;
                var found = key == "device" ? alert.Device : alert.Labels.GetValueOrDefault(key["labels.".Length..]);
                if (found is null)
                {
                    missing.Add(key);
                }

                return found ?? string.Empty;
            });
            inputs[name] = value;
        }

        if (!inputs.ContainsKey("device"))
        {
            inputs["device"] = alert.Device!;
        }

        if (missing.Count > 0)
        {
            return new AlertFirstStep(step.Runbook, alert.Device, inputs) { Problem = "the alert has no " + string.Join(", ", missing.Distinct(StringComparer.Ordinal)) };
        }

        var runbook = catalog.FindRunbook(step.Runbook);
        var validation = runbook is null ? null : InputValidator.Validate(runbook, inputs, catalog);
        return validation is { IsValid: false }
            ? new AlertFirstStep(step.Runbook, alert.Device, inputs) { Problem = "the alert's values do not pass the runbook's inputs (" + string.Join("; ", validation.Errors.Select(e => e.ToString())) + ")" }
            : new AlertFirstStep(step.Runbook, alert.Device, validation?.Values ?? inputs);
    }

    /// <summary>The inputs whose templates only read labels the alert has (no <c>{device}</c>): what a picked device's run starts from.</summary>
    private static Dictionary<string, string> LabelInputs(FirstStep step, TrackedAlert alert)
    {
        var inputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, template) in step.Inputs)
        {
            var complete = !string.Equals(name, "device", StringComparison.OrdinalIgnoreCase);
            var value = Placeholder().Replace(template, m =>
            {
                var key = m.Groups["name"].Value;
                var found = key == "device" ? null : alert.Labels.GetValueOrDefault(key["labels.".Length..]);
                complete &= found is not null;
                return found ?? string.Empty;
            });
            if (complete)
            {
                inputs[name] = value;
            }
        }

        return inputs;
    }

    /// <summary>With <c>auto_run</c>, requests the first step for the incident just opened; otherwise nothing.</summary>
    public async Task<string?> RequestAsync(Incident incident, AlertRoute route, AlertNotification notification, IReadOnlyList<TrackedAlert> fired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(notification);
        if (route.FirstStep is not { AutoRun: true } step)
        {
            return null;
        }

        var plan = Plan(route, fired);
        var runbook = catalog.FindRunbook(step.Runbook);
        var device = plan?.Device is { } name ? catalog.FindDevice(name) : null;
        var reason = plan?.Problem
            ?? (runbook is null ? "the runbook is not in the inventory"
            : runbook.IsStateChanging ? "it changes state; only read-only runbooks run automatically"
            : device is null ? "no device is known"
            : !route.InScope(device) ? "the device is outside the route's scope"
            : !runbook.Targets(device) ? "the runbook does not target the device"
            : null);
        if (reason is not null)
        {
            Log.AutoRunSkipped(logger, step.Runbook, incident.Id, reason);
            return null;
        }

        var id = RequestIdFor(incident.Id);
        if (await requests.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return id;
        }

        var actor = AlertPrincipal.For(notification.Source);
        var now = time.GetUtcNow();
        var inputs = new Dictionary<string, string>(plan!.Inputs, StringComparer.OrdinalIgnoreCase);
        string[] targets = [device!.Name];
        var origin = new ConversationRef(route.Platform, route.ConversationId, ChannelKind.Incident) { BoundTo = incident.Id };
        var request = new RunRequest(id, runbook!.Name, runbook.Version, runbook.Mode, inputs, targets, actor, origin, incident.Id, RequestStatus.Requested, now)
        {
            UpdatedAt = now,
            ApprovalHash = ApprovalHash.Compute(runbook.Name, runbook.Version, inputs, targets),
        };
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mode"] = request.Mode.ToString(),
            ["runbookVersion"] = request.RunbookVersion,
            ["targets"] = device.Name,
            ["conversation"] = route.ConversationId,
            ["channelKind"] = origin.Kind.ToString(),
            ["approvalHash"] = request.ApprovalHash,
            ["autoRun"] = "true",
            ["route"] = route.Name,
            ["source"] = AlertPrincipal.Name(notification.Source),
        };
        foreach (var (key, value) in inputs)
        {
            details["input." + key] = value;
        }

        // As SubmitService: the request is in the audit trail (in the incident's chain) before it exists.
        await journal.RecordAsync(AuditKind.Requested, actor, request, device.Name, details, cancellationToken).ConfigureAwait(false);
        RunRequest queued;
        try
        {
            queued = await requests.CreateAsync(request with { Status = RequestStatus.Queued }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Another pass (or replica) made it meanwhile: it queued it.
            if (await requests.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                return id;
            }

            throw;
        }

        await journal.QueueAsync(queued, actor, cancellationToken).ConfigureAwait(false);
        Log.AutoRunRequested(logger, runbook.Name, incident.Id, id);
        return id;
    }

    [GeneratedRegex(@"\{(?<name>device|labels\.[A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 50)]
    private static partial Regex Placeholder();
}
