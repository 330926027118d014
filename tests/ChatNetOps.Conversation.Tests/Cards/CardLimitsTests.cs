using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;

namespace ChatNetOps.Conversation.Tests.Cards;

public sealed class CardLimitsTests
{
    [Fact]
    public void TruncateBytes_ShortText_IsUntouched()
    {
        var result = CardLimits.TruncateBytes("abc", 10);
        Assert.False(result.Truncated);
        Assert.Equal("abc", result.Text);
        Assert.Equal(3, result.TotalBytes);
        Assert.Null(result.Note);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", result.Sha256);
    }

    [Fact]
    public void TruncateBytes_LongText_StatesShownTotalAndHashOfTheWhole()
    {
        var text = new string('x', 1000);
        var result = CardLimits.TruncateBytes(text, 100);
        Assert.True(result.Truncated);
        Assert.Equal(100, result.ShownBytes);
        Assert.Equal(1000, result.TotalBytes);
        Assert.Equal(CardLimits.Sha256Hex(text), result.Sha256);
        Assert.Equal($"showing first 100 of 1000 bytes; sha256 {result.Sha256}", result.Note);
        Assert.EndsWith(result.Note!, result.TextWithNote, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncateBytes_NeverSplitsAMultiByteCharacterOrSurrogatePair()
    {
        var text = "é😀é😀é😀";
        for (var budget = 0; budget < Encoding.UTF8.GetByteCount(text); budget++)
        {
            var result = CardLimits.TruncateBytes(text, budget);
            Assert.True(result.ShownBytes <= budget);
            Assert.StartsWith(result.Text, text, StringComparison.Ordinal);
            Assert.Equal(result.ShownBytes, Encoding.UTF8.GetByteCount(result.Text));
            Assert.False(result.Text.Length > 0 && char.IsHighSurrogate(result.Text[^1]));
        }
    }

    [Fact]
    public void TruncateChars_TextAndNoteFitTheSlackSectionLimit()
    {
        var text = new string('y', 10_000);
        var result = CardLimits.TruncateChars(text, CardLimits.SlackSectionTextChars);
        Assert.True(result.Truncated);
        Assert.True(result.TextWithNote.Length <= CardLimits.SlackSectionTextChars, result.TextWithNote.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("of 10000 bytes", result.TextWithNote, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncateChars_ShortText_IsUntouched() =>
        Assert.False(CardLimits.TruncateChars("short", CardLimits.SlackSectionTextChars).Truncated);

    [Fact]
    public void ToCardData_MatchesTheExecutionResultContract()
    {
        var data = CardLimits.TruncateBytes("hello", 2).ToCardData();
        Assert.Equal("he", (string?)data["text"]);
        Assert.True((bool)data["truncated"]!);
        Assert.Equal(2, (int)data["shownBytes"]!);
        Assert.Equal(5, (int)data["totalBytes"]!);
        Assert.Equal(64, ((string?)data["sha256"])!.Length);
    }

    [Fact]
    public void Cap_KeepsFirstItemsAndCountsTheRest()
    {
        var capped = CardLimits.Cap(Enumerable.Range(1, 40).ToList(), 25);
        Assert.Equal(25, capped.Items.Count);
        Assert.Equal(1, capped.Items[0]);
        Assert.Equal(40, capped.Total);
        Assert.Equal(15, capped.Omitted);
        Assert.Equal("and 15 more", capped.MoreNote);
    }

    [Fact]
    public void Cap_ShortOrEmptyList_OmitsNothing()
    {
        Assert.Null(CardLimits.Cap(new[] { 1, 2 }, 25).MoreNote);
        Assert.Equal(0, CardLimits.Cap(Array.Empty<int>(), 25).Total);
    }

    [Fact]
    public void FitsTeams_MeasuresSerializedPayload()
    {
        Assert.True(CardLimits.FitsTeams(new JsonObject { ["t"] = "small" }));
        Assert.False(CardLimits.FitsTeams(new JsonObject { ["t"] = new string('z', CardLimits.TeamsMessageBytes) }));
    }

    [Fact]
    public void Budgets_LeaveRoomWithinTheTeamsPayload() =>
        Assert.True(CardLimits.OutputBytes + CardLimits.ResultJsonBytes < CardLimits.TeamsMessageBytes - (8 * 1024));
}
