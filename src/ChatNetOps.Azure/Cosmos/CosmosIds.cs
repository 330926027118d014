namespace ChatNetOps.Azure.Cosmos;

using System.Text;

/// <summary>
/// Cosmos item ids may not contain '/', '\', '?' or '#'. Names from the inventory or chat are escaped as <c>%XX</c>
/// so any name maps to one valid id and back.
/// </summary>
internal static class CosmosIds
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("/\\?#%") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '?' or '#' or '%')
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
