using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards;

/// <summary>
/// Text cut to a budget by <see cref="CardLimits"/>. Property names match the
/// <c>output</c> / <c>resultJson</c> objects of the execution-result card.
/// </summary>
/// <param name="Text">The text shown (a prefix of the original).</param>
/// <param name="Truncated">Whether anything was cut.</param>
/// <param name="ShownBytes">UTF-8 bytes of <paramref name="Text"/>.</param>
/// <param name="TotalBytes">UTF-8 bytes of the original.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the original's UTF-8 bytes.</param>
public sealed record TruncatedText(string Text, bool Truncated, int ShownBytes, int TotalBytes, string Sha256)
{
    /// <summary>"showing first N of M bytes; sha256 …" when truncated, otherwise null.</summary>
    public string? Note => Truncated ? $"showing first {ShownBytes} of {TotalBytes} bytes; sha256 {Sha256}" : null;

    /// <summary>The text followed by the note on its own line when truncated (for plain-text surfaces such as Slack).</summary>
    public string TextWithNote => Truncated ? $"{Text}\n… {Note}" : Text;

    /// <summary>The card data object: {text, truncated, shownBytes, totalBytes, sha256}.</summary>
    public JsonObject ToCardData() => new()
    {
        ["text"] = Text,
        ["truncated"] = Truncated,
        ["shownBytes"] = ShownBytes,
        ["totalBytes"] = TotalBytes,
        ["sha256"] = Sha256,
    };
}
