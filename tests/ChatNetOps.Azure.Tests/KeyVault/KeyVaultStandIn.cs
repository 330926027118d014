namespace ChatNetOps.Azure.Tests.KeyVault;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The Key Vault secrets REST endpoint on https://127.0.0.1 (learn.microsoft.com/rest/api/keyvault/secrets/get-secret):
/// <c>GET /secrets/{name}[/{version}]?api-version=7.x</c> → 200 <c>{"value","id","attributes","tags"}</c> or 404
/// SecretNotFound; a request without a bearer token gets the challenge (401 + <c>WWW-Authenticate: Bearer
/// authorization="…", resource="https://vault.azure.net"</c>) the SDK's challenge-based auth expects.
/// </summary>
public sealed class KeyVaultStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _secretReads;

    private KeyVaultStandIn(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    public Dictionary<string, (string Value, Dictionary<string, string> Tags)> Secrets { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int SecretReads => Volatile.Read(ref _secretReads);

    public static async Task<KeyVaultStandIn> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        KeyVaultStandIn? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new KeyVaultStandIn(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
            return;
        }

        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments[0] != "secrets" || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Interlocked.Increment(ref _secretReads);
        context.Response.ContentType = "application/json";
        if (!Secrets.TryGetValue(segments[1], out var secret))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "SecretNotFound", ["message"] = $"A secret with (name/id) {segments[1]} was not found in this key vault." },
            }.ToJsonString());
            return;
        }

        var tags = new JsonObject();
        foreach (var (k, v) in secret.Tags)
        {
            tags[k] = v;
        }

        var body = new JsonObject
        {
            ["value"] = secret.Value,
            ["id"] = $"{Uri}secrets/{segments[1]}/0123456789abcdef0123456789abcdef",
            ["attributes"] = new JsonObject { ["enabled"] = true, ["created"] = 1710408413, ["updated"] = 1710408413 },
            ["tags"] = tags,
        };
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
