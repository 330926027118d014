namespace ChatNetOps.Core.Parsing;

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

/// <summary>Checks and normalises captured text by <see cref="FieldType"/>, and reads typed values for comparison.</summary>
public static partial class FieldValues
{
    /// <summary>The normalised text of <paramref name="raw"/> as a <paramref name="type"/>, or null when it is not one.</summary>
    public static string? Normalize(FieldType type, string raw)
    {
        var text = raw.Trim();
        switch (type)
        {
            case FieldType.Int:
                var digits = text.Replace(",", string.Empty, StringComparison.Ordinal);
                return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null;
            case FieldType.Ipv4:
                return TryIpv4(text, out _) ? text : null;
            case FieldType.Interface:
                return InterfaceName().IsMatch(text) ? text : null;
            case FieldType.Duration:
                return TryDuration(text, out _) ? text : null;
            case FieldType.State:
                return text.Length is > 0 and <= 64 && !text.Any(char.IsWhiteSpace) ? text : null;
            default:
                return text;
        }
    }

    /// <summary>The value as a number: an int, or a duration in seconds.</summary>
    public static bool TryNumber(FieldType type, string text, out double value)
    {
        value = 0;
        if (type == FieldType.Duration)
        {
            return TryDuration(text, out value);
        }

        if (type == FieldType.Int && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            value = n;
            return true;
        }

        return false;
    }

    /// <summary>A dotted-quad IPv4 address (exactly four decimal parts, as devices print them) as a number for ordering.</summary>
    public static bool TryIpv4(string text, out uint value)
    {
        value = 0;
        if (!DottedQuad().IsMatch(text) || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = ip.GetAddressBytes();
        value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return true;
    }

    /// <summary>
    /// A time span as network devices print it, in seconds: <c>hh:mm:ss</c> (<c>00:00:35</c>, IOS dead time),
    /// unit runs (<c>1y2w</c>, <c>3w0d</c>, <c>1d02h</c>, <c>1h02m03s</c>, <c>35.123s</c> as IOS, NX-OS and FRR print up time),
    /// or a bare number of seconds.
    /// </summary>
    public static bool TryDuration(string text, out double seconds)
    {
        seconds = 0;
        if (Clock().Match(text) is { Success: true } clock)
        {
            seconds = (Int(clock.Groups["h"]) * 3600) + (Int(clock.Groups["m"]) * 60) + Int(clock.Groups["s"]);
            return true;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            seconds = plain;
            return true;
        }

        var units = Units().Match(text);
        if (!units.Success || text.Length == 0)
        {
            return false;
        }

        seconds = (Int(units.Groups["y"]) * 365 * 86400) + (Int(units.Groups["w"]) * 7 * 86400) + (Int(units.Groups["d"]) * 86400)
            + (Int(units.Groups["h"]) * 3600) + (Int(units.Groups["m"]) * 60)
            + (units.Groups["s"].Success ? double.Parse(units.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
        return true;
    }

    private static long Int(Group group) => group.Success ? long.Parse(group.Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?<h>\d{1,6}):(?<m>\d{2}):(?<s>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();

    [GeneratedRegex(@"^(?:(?<y>\d{1,4})y)?(?:(?<w>\d{1,4})w)?(?:(?<d>\d{1,5})d)?(?:(?<h>\d{1,6})h)?(?:(?<m>\d{1,6})m)?(?:(?<s>\d{1,9}(?:\.\d{1,6})?)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_./:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceName();
}
