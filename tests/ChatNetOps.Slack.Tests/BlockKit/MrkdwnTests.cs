namespace ChatNetOps.Slack.Tests.BlockKit;

using ChatNetOps.Slack.BlockKit;

public sealed class MrkdwnTests
{
    [Fact]
    public void Escape_ControlCharacters_AreEntities() =>
        Assert.Equal("a &amp; b &lt;!channel&gt; &lt;@U1&gt;", Mrkdwn.Escape("a & b <!channel> <@U1>"));

    [Fact]
    public void FromAdaptive_BoldAndLinks_BecomeSlackSyntax() =>
        Assert.Equal("*Runbook* (<https://example.com/a?x=1&amp;y=2|docs>)", Mrkdwn.FromAdaptive("**Runbook** ([docs](https://example.com/a?x=1&y=2))"));

    [Fact]
    public void FromAdaptive_LinkToNonWebScheme_StaysText() =>
        Assert.Equal("[x](javascript:alert(1))", Mrkdwn.FromAdaptive("[x](javascript:alert(1))"));

    [Fact]
    public void FromAdaptive_DataThatLooksLikeAMention_CannotPing() =>
        Assert.DoesNotContain("<!", Mrkdwn.FromAdaptive("<!here> please <!channel>"), StringComparison.Ordinal);

    [Fact]
    public void FromAdaptive_CardEscapedLinkAndBold_StayText()
    {
        var card = ChatNetOps.Conversation.Cards.CardText.Escape("[click](https://evil.example) **bold** <!channel> <https://evil.example|x> a & b");

        Assert.Equal("[click](https://evil.example) **bold** &lt;!channel&gt; &lt;https://evil.example|x&gt; a &amp; b", Mrkdwn.FromAdaptive(card));
    }

    [Fact]
    public void FromAdaptive_UnescapedMarkupNextToEscapedText_IsStillConverted() =>
        Assert.Equal("*Runbook* \\[x\\] &lt;b&gt; (<https://example.com/|docs>)", Mrkdwn.FromAdaptive("**Runbook** \\\\\\[x\\\\\\] &lt;b&gt; ([docs](https://example.com/))"));

    [Fact]
    public void Truncate_NeverSplitsAnEntity()
    {
        var text = new string('x', 2990) + "&amp;&amp;&amp;" + new string('y', 100);
        var cut = Mrkdwn.Truncate(text, 3000);
        Assert.True(cut.Length <= 3000);
        Assert.DoesNotMatch("&a?m?p?$|&amp(?!;)", cut[..cut.IndexOf('…', StringComparison.Ordinal)]);
        Assert.Contains("more characters", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_NeverSplitsALink()
    {
        var text = new string('x', 2950) + "<https://example.com/" + new string('p', 100) + "|link>";
        var cut = Mrkdwn.Truncate(text, 3000);
        var kept = cut[..cut.IndexOf('…', StringComparison.Ordinal)];
        Assert.Equal(kept.Count(c => c == '<'), kept.Count(c => c == '>'));
    }

    [Fact]
    public void Preformatted_TripleBackticksInOutput_CannotCloseTheFence()
    {
        var block = Mrkdwn.Preformatted("before ``` after");
        Assert.Equal(2, block.Split("```").Length - 1);
    }
}
