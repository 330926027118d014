namespace ChatNetOps.Core.Tests.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Time.Testing;

public sealed class InboundRefusalsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 10, 0, 5, TimeSpan.Zero));
    private readonly CollectingAuditLog _audit = new();

    [Fact]
    public async Task AFloodFromOneSource_IsRecordedInFullOnlyForTheFirstTen_ThenAsOneCountPerMinute()
    {
        var refusals = new InboundRefusals(_audit, _time);

        var admitted = Enumerable.Range(0, 3000).Count(_ => refusals.Admit(ChatPlatform.Slack, "slack-signature", "203.0.113.7", "missing"));
        await refusals.FlushAsync(CancellationToken.None);
        Assert.Empty(_audit.Entries);

        _time.Advance(TimeSpan.FromMinutes(1));
        await refusals.FlushAsync(CancellationToken.None);

        Assert.Equal(InboundRefusals.VerbatimPerMinute, admitted);
        var summary = Assert.Single(_audit.Entries);
        Assert.Equal(AuditKind.Denied, summary.Kind);
        Assert.Equal("2990", summary.Details["suppressed"]);
        Assert.Equal("203.0.113.7", summary.Details["remote"]);
        Assert.Equal("missing", summary.Details["reason"]);
        Assert.Equal("2026-12-06T10:00:00.0000000+00:00", summary.Details["from"]);
    }

    [Fact]
    public void EachSourceAndReason_HasItsOwnAllowance_AndANewMinuteStartsAgain()
    {
        var refusals = new InboundRefusals(_audit, _time);
        for (var i = 0; i < InboundRefusals.VerbatimPerMinute; i++)
        {
            Assert.True(refusals.Admit(ChatPlatform.Teams, "teams-auth", "198.51.100.1", "no-authorization-header"));
        }

        Assert.False(refusals.Admit(ChatPlatform.Teams, "teams-auth", "198.51.100.1", "no-authorization-header"));
        Assert.True(refusals.Admit(ChatPlatform.Teams, "teams-auth", "198.51.100.2", "no-authorization-header"));
        Assert.True(refusals.Admit(ChatPlatform.Teams, "teams-auth", "198.51.100.1", "invalid-token: expired"));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(refusals.Admit(ChatPlatform.Teams, "teams-auth", "198.51.100.1", "no-authorization-header"));
    }

    [Fact]
    public async Task ManySources_ShareOneCountBeyondTheLimit_SoTheyCannotGrowItWithoutBound()
    {
        var refusals = new InboundRefusals(_audit, _time);
        for (var i = 0; i < InboundRefusals.MaxKeysPerMinute + 500; i++)
        {
            for (var j = 0; j <= InboundRefusals.VerbatimPerMinute; j++)
            {
                refusals.Admit(ChatPlatform.Teams, "teams-auth", "source-" + i, "missing");
            }
        }

        await refusals.FlushAllAsync(CancellationToken.None);

        Assert.Equal(InboundRefusals.MaxKeysPerMinute + 1, _audit.Entries.Count);
        var other = Assert.Single(_audit.Entries, e => e.Details["remote"] == InboundRefusals.OtherSource);
        Assert.Equal((((InboundRefusals.VerbatimPerMinute + 1) * 500) - InboundRefusals.VerbatimPerMinute).ToString(System.Globalization.CultureInfo.InvariantCulture), other.Details["suppressed"]);
    }

    [Fact]
    public async Task ASummaryThatCouldNotBeWritten_IsWrittenWithTheNextFlush()
    {
        var refusals = new InboundRefusals(_audit, _time);
        for (var i = 0; i < 20; i++)
        {
            refusals.Admit(ChatPlatform.Slack, "slack-signature", "203.0.113.7", "mismatch");
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        _audit.Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => refusals.FlushAsync(CancellationToken.None));
        _audit.Fail = false;
        await refusals.FlushAsync(CancellationToken.None);

        Assert.Equal("10", Assert.Single(_audit.Entries).Details["suppressed"]);
    }

    private sealed class CollectingAuditLog : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public bool Fail { get; set; }

        public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("audit store down");
            }

            Entries.Add(entry);
            return Task.FromResult<AuditEvent>(null!);
        }

        public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }

        public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }
}
