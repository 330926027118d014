namespace ChatNetOps.Core.Audit.Checkpoints;

using System.Security.Cryptography;

/// <summary>
/// A checkpoint key: <see cref="Id"/> names it in every checkpoint it authenticates (a fingerprint or a Key Vault secret
/// version, never the key), the material stays inside this object.
/// </summary>
public sealed class AuditKey
{
    /// <summary>Shorter keys are refused: HMAC-SHA256 wants at least its output size.</summary>
    public const int MinimumBytes = 32;

    private readonly byte[] _material;

    public AuditKey(string id, ReadOnlySpan<byte> material)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (material.Length < MinimumBytes)
        {
            throw new ArgumentException($"An audit checkpoint key needs at least {MinimumBytes} bytes; this one has {material.Length}.", nameof(material));
        }

        Id = id;
        _material = material.ToArray();
    }

    public string Id { get; }

    /// <summary>A stable, non-secret name for key material: the first 16 hex digits of a SHA-256 over a label and the key.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> material)
    {
        var label = "chatnetops-audit-checkpoint-key\n"u8;
        var buffer = new byte[label.Length + material.Length];
        label.CopyTo(buffer);
        material.CopyTo(buffer.AsSpan(label.Length));
        var hash = SHA256.HashData(buffer);
        CryptographicOperations.ZeroMemory(buffer);
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    public byte[] Mac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_material, data);

    public override string ToString() => $"audit key {Id}";
}
