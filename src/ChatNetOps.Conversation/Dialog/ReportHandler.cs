namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Reports;

/// <summary>
/// <c>report [7d|30d]</c>: the operations report over the verified audit trail, for members whose role the policy grants
/// the report action in this kind of conversation; refusals are audited like any other. One report is built at a time
/// per process (a report reads every event of its window), so a burst of asks waits its turn instead of piling up.
/// </summary>
internal sealed class ReportHandler(IAuditLog audit, TimeProvider time, InventoryCatalog catalog, DenialRecorder denials, ReportCards cards) : IDisposable
{
    /// <summary>How long an ask waits for the report being built before it is told to try again.</summary>
    public static readonly TimeSpan Turn = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _building = new(1, 1);

    public void Dispose() => _building.Dispose();

    public async Task<DialogResult> HandleAsync(DialogContext context, int days, CancellationToken cancellationToken)
    {
        if (context.Member is not { } member)
        {
            return await denials.RefuseAsync(context, "report", "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
                "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);
        }

        if (!catalog.Policy.MayReport(member, context.Channel.Kind))
        {
            return await denials.RefuseAsync(context, "report", "NotGranted",
                $"None of your roles ({string.Join(", ", member.Roles)}) is granted the report action in {context.Channel.Kind} conversations.",
                "an administrator grants one of your roles the report action for this kind of conversation in inventory/policy.yaml", cancellationToken);
        }

        if (!await _building.WaitAsync(Turn, cancellationToken))
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("Another report is being built right now; ask again in a minute.") with { Ephemeral = true });
        }

        try
        {
            var now = time.GetUtcNow();
            var report = await new AuditReportBuilder(audit, time).BuildAsync(new ReportQuery(now.AddDays(-days), now, null), ReportLookups.From(catalog), cancellationToken);
            return DenialRecorder.Answer(context, cards.Summary(report, days, context.Event.Platform));
        }
        finally
        {
            _building.Release();
        }
    }
}
