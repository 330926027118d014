namespace ChatNetOps.Slack.BlockKit;

/// <summary>A Block Kit text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
internal sealed record TextObject(string Type, string Text)
{
    public const string PlainType = "plain_text";
    public const string MarkdownType = "mrkdwn";

    public static TextObject Plain(string text) => new(PlainType, text);

    public static TextObject Markdown(string text) => new(MarkdownType, text);
}
