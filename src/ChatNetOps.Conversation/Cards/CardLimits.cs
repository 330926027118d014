using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Cards;

/// <summary>
/// Budgets that keep cards within Teams and Slack limits, and helpers that cut text and lists
/// while saying what was cut (sizes and hash), never dropping silently.
/// </summary>
public static class CardLimits
{
    /// <summary>Teams message payload budget (28 KB, documented for webhooks and used for bots).</summary>
    public const int TeamsMessageBytes = 28 * 1024;

    /// <summary>Slack section block text limit (characters).</summary>
    public const int SlackSectionTextChars = 3000;

    /// <summary>Slack blocks per message.</summary>
    public const int SlackBlocksPerMessage = 50;

    /// <summary>Teams refresh.userIds maximum.</summary>
    public const int TeamsRefreshUserIds = 60;

    /// <summary>
    /// Budget for device output in the execution-result card. The card carries it twice (Teams' CodeBlock and the
    /// line-preserving fallback for clients without it), so this leaves room for both, the facts, devices and JSON.
    /// </summary>
    public const int OutputBytes = 6 * 1024;

    /// <summary>Budget for the JSON result shown behind "Show JSON" (all of it: <c>status REQUEST-ID --json</c>).</summary>
    public const int ResultJsonBytes = 4 * 1024;

    /// <summary>Devices listed one per line in a card before "and N more".</summary>
    public const int ListedDevices = 25;

    /// <summary>Rows of a parsed result's table on a card (problems first; the card states the cap; all rows are in the JSON result).</summary>
    public const int ResultRows = 12;

    /// <summary>Runbooks, timeline events or runs listed in one card.</summary>
    public const int ListedItems = 20;

    /// <summary>Devices or locks listed one line each (the devices and locks answers) before "N more not listed".</summary>
    public const int ListedLines = ListedItems * 5;

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes, on a character boundary.</summary>
    public static TruncatedText TruncateBytes(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var total = Encoding.UTF8.GetByteCount(text);
        var hash = Sha256Hex(text);
        if (total <= maxBytes)
        {
            return new TruncatedText(text, false, total, total, hash);
        }

        var length = 0;
        var bytes = 0;
        while (length < text.Length)
        {
            var step = char.IsHighSurrogate(text[length]) && length + 1 < text.Length && char.IsLowSurrogate(text[length + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return new TruncatedText(text[..length], true, bytes, total, hash);
    }

    /// <summary>
    /// Cuts <paramref name="text"/> so that it and its truncation note fit <paramref name="maxChars"/>
    /// characters (e.g. <see cref="SlackSectionTextChars"/> for a Slack section).
    /// </summary>
    public static TruncatedText TruncateChars(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        var total = Encoding.UTF8.GetByteCount(text);
        var hash = Sha256Hex(text);
        if (text.Length <= maxChars)
        {
            return new TruncatedText(text, false, total, total, hash);
        }

        // Reserve room for "\n… showing first N of M bytes; sha256 <64 hex>".
        var reserve = $"\n… showing first {total} of {total} bytes; sha256 {hash}".Length;
        var length = Math.Max(0, maxChars - reserve);
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        var shown = text[..length];
        return new TruncatedText(shown, true, Encoding.UTF8.GetByteCount(shown), total, hash);
    }

    /// <summary>Keeps the first <paramref name="max"/> items.</summary>
    public static CappedList<T> Cap<T>(IReadOnlyList<T> items, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return items.Count <= max ? new CappedList<T>(items, items.Count) : new CappedList<T>([.. items.Take(max)], items.Count);
    }

    /// <summary>UTF-8 size of the card as sent.</summary>
    public static int PayloadBytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Encoding.UTF8.GetByteCount(card.ToJsonString());
    }

    /// <summary>Whether the card fits <see cref="TeamsMessageBytes"/>.</summary>
    public static bool FitsTeams(JsonNode card) => PayloadBytes(card) <= TeamsMessageBytes;

    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
