namespace ChatNetOps.Conversation.Reports;

using System.Globalization;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Reports;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// The weekly digest: at each due time (<see cref="ReportDigestOptions.DayOfWeek"/> at <see cref="ReportDigestOptions.Time"/>
/// UTC) the report-summary of the 7 days before it goes to the configured conversation, once. The week is claimed in the
/// shared chat state store before anything is sent (its key names the conversation and the due date), so across
/// restarts and replicas each week is sent at most once; a bot that was down at the due time sends it when it starts
/// again within that week. A send that fails after the claim is logged and not repeated.
/// </summary>
internal sealed class ReportDigest(
    IAuditLog audit,
    TimeProvider time,
    InventoryCatalog catalog,
    ReportCards cards,
    IChatStateStore state,
    IEnumerable<IChatChannel> channels,
    IOptions<ReportDigestOptions> options,
    ILogger<ReportDigest> logger)
{
    public const int Days = 7;

    private readonly ReportDigestOptions _options = options.Value;

    /// <summary>The configured conversation, or null when the digest is off.</summary>
    public ConversationRef? Target { get; } = Parse(options.Value.Conversation);

    /// <summary>The latest due time at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LatestDue(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var back = ((int)today.DayOfWeek - (int)_options.DayOfWeek + 7) % 7;
        var due = new DateTimeOffset(today.AddDays(-back).ToDateTime(_options.Time), TimeSpan.Zero);
        return due > now ? due.AddDays(-7) : due;
    }

    /// <summary>How long until the next due time after <paramref name="now"/>.</summary>
    public TimeSpan UntilNext(DateTimeOffset now) => LatestDue(now).AddDays(7) - now;

    /// <summary>Sends the digest of the latest due time unless it was sent (or claimed) already; true when this call sent it.</summary>
    public async Task<bool> TrySendAsync(CancellationToken cancellationToken)
    {
        if (Target is not { } target)
        {
            return false;
        }

        var channel = channels.FirstOrDefault(c => c.Platform == target.Platform)
            ?? throw new InvalidOperationException($"{ReportDigestOptions.SectionName}:Conversation names a {target.Platform} conversation, but this host does not serve {target.Platform}.");
        var due = LatestDue(time.GetUtcNow());
        var key = string.Create(CultureInfo.InvariantCulture, $"report-digest:{target.Platform}:{target.ConversationId}:{due:yyyy-MM-dd'T'HH:mm}");
        if (!await state.TryAddAsync(key, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), due.AddDays(21), cancellationToken))
        {
            return false;
        }

        var report = await new AuditReportBuilder(audit, time).BuildAsync(new ReportQuery(due.AddDays(-Days), due, null), ReportLookups.From(catalog), cancellationToken);
        await channel.SendAsync(target, cards.Summary(report, Days, target.Platform), cancellationToken);
        Log.DigestSent(logger, target.Platform, target.ConversationId, due);
        return true;
    }

    /// <summary><c>slack:C0123</c> / <c>teams:19:…</c>; an unknown platform or an empty id is a configuration error.</summary>
    public static ConversationRef? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var platform = colon > 0 ? value[..colon].Trim().ToLowerInvariant() : string.Empty;
        var id = colon > 0 ? value[(colon + 1)..].Trim() : string.Empty;
        return (platform, id) switch
        {
            ("slack", { Length: > 0 }) => new ConversationRef(ChatPlatform.Slack, id, ChannelKind.Group),
            ("teams", { Length: > 0 }) => new ConversationRef(ChatPlatform.Teams, id, ChannelKind.Group),
            _ => throw new InvalidOperationException(
                $"{ReportDigestOptions.SectionName}:Conversation '{value}' is not PLATFORM:CONVERSATION-ID; use slack:C0123ABCD or teams:19:…@thread.tacv2."),
        };
    }
}
