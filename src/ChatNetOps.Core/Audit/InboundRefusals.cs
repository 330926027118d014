namespace ChatNetOps.Core.Audit;

using System.Globalization;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Records refused inbound requests (bad token, bad signature, wrong channel, …) in the audit trail without letting a
/// flood of them write a flood: per platform, source address and reason, the first <see cref="VerbatimPerMinute"/>
/// refusals of each minute are recorded in full by the caller; the rest are only counted, and one summary event
/// (kind Denied, <c>aggregated=true</c>, <c>suppressed=N</c>) is appended for them when the minute is over
/// (<see cref="FlushAsync"/>, called on the next refusal and by <see cref="InboundRefusalFlusher"/> every minute).
/// At most <see cref="MaxKeysPerMinute"/> distinct sources are told apart in one minute; beyond that they share
/// the source <c>other</c>, so many addresses cannot grow the counts without bound either.
/// </summary>
public sealed class InboundRefusals(IAuditLog audit, TimeProvider time)
{
    public const int VerbatimPerMinute = 10;

    public const int MaxKeysPerMinute = 1000;

    public const string OtherSource = "other";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset Start, Key Key, int Suppressed)> _pending = new();
    private Dictionary<Key, int> _counts = [];
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;

    /// <summary>
    /// Counts one refusal. True when the caller should record it in full (one of the first of its minute); false when
    /// it is only counted and will appear in the minute's summary.
    /// </summary>
    public bool Admit(ChatPlatform platform, string action, string? source, string reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Rotate(now);
            var key = new Key(platform, action, source ?? "unknown", reason);
            if (!_counts.ContainsKey(key) && _counts.Count >= MaxKeysPerMinute)
            {
                key = key with { Source = OtherSource };
            }

            var count = _counts.TryGetValue(key, out var seen) ? seen + 1 : 1;
            _counts[key] = count;
            return count <= VerbatimPerMinute;
        }
    }

    /// <summary>Appends one summary per (platform, action, source, reason) of the minutes that are over and had refusals beyond the verbatim ones.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => FlushAsync(closeCurrent: false, cancellationToken);

    /// <summary>As <see cref="FlushAsync(CancellationToken)"/>, and the minute under way too (when the host stops).</summary>
    public Task FlushAllAsync(CancellationToken cancellationToken) => FlushAsync(closeCurrent: true, cancellationToken);

    private async Task FlushAsync(bool closeCurrent, CancellationToken cancellationToken)
    {
        List<(DateTimeOffset Start, Key Key, int Suppressed)> due;
        lock (_gate)
        {
            Rotate(time.GetUtcNow(), closeCurrent);
            if (_pending.Count == 0)
            {
                return;
            }

            due = [.. _pending];
            _pending.Clear();
        }

        for (var i = 0; i < due.Count; i++)
        {
            var (start, key, suppressed) = due[i];
            try
            {
                await Append(start, key, suppressed, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not lost: the summaries not written go back and are written with the next flush.
                lock (_gate)
                {
                    foreach (var rest in due.Skip(i))
                    {
                        _pending.Enqueue(rest);
                    }
                }

                throw;
            }
        }
    }

    private Task<AuditEvent> Append(DateTimeOffset start, Key key, int suppressed, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(AuditKind.Denied, new Actor(key.Platform, "unverified", "Unverified requests"))
        {
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["action"] = key.Action,
                ["reason"] = key.Reason,
                ["remote"] = key.Source,
                ["aggregated"] = "true",
                ["suppressed"] = suppressed.ToString(CultureInfo.InvariantCulture),
                ["from"] = start.ToString("O", CultureInfo.InvariantCulture),
                ["until"] = (start + Window).ToString("O", CultureInfo.InvariantCulture),
            },
        }, cancellationToken);

    private void Rotate(DateTimeOffset now, bool closeCurrent = false)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);
        if (start == _windowStart && !closeCurrent)
        {
            return;
        }

        foreach (var (key, count) in _counts)
        {
            if (count > VerbatimPerMinute)
            {
                _pending.Enqueue((_windowStart, key, count - VerbatimPerMinute));
            }
        }

        // A closed current minute keeps its verbatim allowance used up: only the suppressed count starts again.
        _counts = start == _windowStart ? _counts.ToDictionary(p => p.Key, p => Math.Min(p.Value, VerbatimPerMinute)) : [];
        _windowStart = start;
    }

    private readonly record struct Key(ChatPlatform Platform, string Action, string Source, string Reason);
}
