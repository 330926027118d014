namespace ChatNetOps.Execution.FortiGate;

using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChatNetOps.Core.Inventory;

/// <summary>
/// Decides whether a FortiGate's HTTPS certificate is trusted. A device with <c>tls_certificate_sha256</c> is trusted
/// only when the SHA-256 of the certificate's DER encoding equals the pin (any other certificate is refused, even one
/// a CA signed). A device without a pin is trusted when the certificate chains to a CA of
/// <see cref="FortiGateOptions.CaFile"/> and names the device's address. The operating system's store is never used:
/// a FortiGate's factory certificate is self-signed.
/// </summary>
internal sealed class FortiGateTrust : IDisposable
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly string? _caFile;

    public FortiGateTrust(FortiGateOptions options)
    {
        _caFile = options.CaFile;
        if (string.IsNullOrWhiteSpace(_caFile))
        {
            _caFile = null;
            return;
        }

        if (!File.Exists(_caFile))
        {
            throw new InvalidOperationException($"{FortiGateOptions.SectionName}:CaFile '{_caFile}' does not exist; point it at a PEM file of CA certificates or remove it and pin every device's tls_certificate_sha256.");
        }

        _roots.ImportFromPemFile(_caFile);
        if (_roots.Count == 0)
        {
            throw new InvalidOperationException($"{FortiGateOptions.SectionName}:CaFile '{_caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
    }

    /// <summary>Lower-case hex SHA-256 of the certificate's DER encoding, the form <c>tls_certificate_sha256</c> takes.</summary>
    public static string Fingerprint(X509Certificate certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>Null when the certificate is trusted for <paramref name="device"/>; otherwise why it is not.</summary>
    public string? Check(Device device, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return $"{device.Name} presented no TLS certificate";
        }

        var actual = Fingerprint(certificate);
        if (device.TlsCertificateSha256 is { Length: > 0 } pin)
        {
            var expected = pin.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual))
                ? null
                : $"certificate pin mismatch: expected {expected}, got {actual}";
        }

        if (_caFile is null)
        {
            return $"no pinned TLS certificate for {device.Name} and no {FortiGateOptions.SectionName}:CaFile; the server presented {actual} (set tls_certificate_sha256 in devices.yaml after checking it on the FortiGate)";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the certificate of {device.Name} ({actual}) does not name {device.Address}";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            if (chain.Build(leaf))
            {
                return null;
            }
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
            {
                leaf.Dispose();
            }
        }

        var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"the certificate of {device.Name} ({actual}) does not chain to {FortiGateOptions.SectionName}:CaFile: {status}";
    }

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            root.Dispose();
        }
    }
}
