namespace ChatNetOps.Slack.BlockKit;

/// <summary>A Block Kit text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
internal sealed record TextObject(string Type, string Text)
{
    public const string PlainType = "plain_text";
    public const string MarkdownType = "mrkdwn";

    /// <summary>
    /// mrkdwn only: true skips Slack's automatic parsing (bare URLs turned into links, channel names and some mentions
    /// linked) while keeping the markup we write ourselves, such as <c>&lt;@U…&gt;</c> mentions
    /// (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).
    /// </summary>
    public bool? Verbatim { get; init; }

    public static TextObject Plain(string text) => new(PlainType, text);

    /// <summary>Escaped mrkdwn, verbatim: only the markup in <paramref name="text"/> is markup.</summary>
    public static TextObject Markdown(string text) => new(MarkdownType, text) { Verbatim = true };
}
