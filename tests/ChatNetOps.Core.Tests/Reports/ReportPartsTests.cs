namespace ChatNetOps.Core.Tests.Reports;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Reports;

public sealed class ReportPartsTests
{
    [Fact]
    public void ReportEventKinds_FindsRecordedKindsAndNotOthers()
    {
        Assert.Equal(AuditKind.Denied, ReportEventKinds.Find("Denied"));
        Assert.Null(ReportEventKinds.Find("NoSuchKind"));
        Assert.Null(ReportEventKinds.Find("3"));
    }

    [Fact]
    public void DurationDistribution_BeyondTheExactLimit_StaysWithinOnePercent()
    {
        var distribution = new DurationDistribution();
        for (var ms = 1; ms <= 100_000; ms++)
        {
            distribution.Add(TimeSpan.FromMilliseconds(ms));
        }

        Assert.InRange(distribution.Percentile(0.50)!.Value.TotalMilliseconds, 50_000 * 0.99, 50_000 * 1.01);
        Assert.InRange(distribution.Percentile(0.95)!.Value.TotalMilliseconds, 95_000 * 0.99, 95_000 * 1.01);
    }

    [Fact]
    public void TopPhrases_KeepsAFrequentPhraseAmongManyRareOnes()
    {
        var phrases = new TopPhrases(10);
        for (var i = 0; i < 1000; i++)
        {
            phrases.Add("typo " + i);
            if (i % 5 == 0)
            {
                phrases.Add("  SHWO   int ");
            }
        }

        Assert.Equal("shwo int", phrases.Top(1)[0].Phrase);
        Assert.True(phrases.Top(1)[0].Count >= 200);
    }

    [Theory]
    [InlineData("30d", 30 * 24)]
    [InlineData("12h", 12)]
    [InlineData("2w", 14 * 24)]
    public void ReportWindow_ReadsSpansBackFromNow(string since, int hours)
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        var query = ReportWindow.Parse(since, null, null, now);

        Assert.Equal((now.AddHours(-hours), now), (query.Since, query.Until));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-3d")]
    [InlineData("99999d")]
    public void ReportWindow_RefusesWhatItCannotRead(string since) =>
        Assert.Throws<FormatException>(() => ReportWindow.Parse(since, null, null, DateTimeOffset.UnixEpoch.AddYears(60)));
}
