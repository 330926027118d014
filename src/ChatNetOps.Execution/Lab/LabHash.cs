namespace ChatNetOps.Execution.Lab;

/// <summary>Stable (process-independent) numbers derived from names, so a lab device looks the same on every run.</summary>
internal static class LabHash
{
    public static uint Of(string text, int salt = 0)
    {
        var hash = 2166136261u ^ (uint)salt;
        foreach (var c in text)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        // Final avalanche so nearby names still spread.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }

    /// <summary>A value in [min, max] derived from the text and salt.</summary>
    public static int Between(string text, int salt, int min, int max) =>
        min + (int)(Of(text, salt) % (uint)(max - min + 1));
}
