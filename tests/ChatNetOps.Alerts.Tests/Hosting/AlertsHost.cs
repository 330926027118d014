namespace ChatNetOps.Alerts.Tests.Hosting;

using ChatNetOps.Alerts.Auth;
using ChatNetOps.Alerts.Cards;
using ChatNetOps.Alerts.Processing;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Inventory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

/// <summary>
/// The real bot host (embedded SQLite in a temp folder) with the alert secrets configured, a fake clock starting at
/// the real time (the Standard Webhooks package signs with real Unix seconds), and the Entra ID tenant replaced by a
/// <see cref="LocalIssuer"/> whose keys sign the test tokens.
/// </summary>
public sealed class AlertsHost : WebApplicationFactory<Program>
{
    public const string BearerToken = "am-token-0123456789abcdef";
    public const string GrafanaSecret = "grafana-secret-0123456789";
    public const string TenantId = "7b0c2a9e-1d4f-4e6a-8c3b-5f2e9d1a0b47";
    public const string Audience = "api://chatnetops-alerts";

    /// <summary>whsec_ + base64 of 32 bytes.</summary>
    public static readonly string WebhookSecret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-alerts-" + Guid.NewGuid().ToString("N"));

    public AlertsHost(bool configured = true)
    {
        // Tests drive the refresher pass by pass on a fake clock; the update gap has its own test.
        Settings["Alerts:CardUpdateGap"] = "00:00:00";
        if (configured)
        {
            Settings["Alerts:Alertmanager:BearerToken"] = BearerToken;
            Settings["Alerts:Alertmanager:Username"] = "alertmanager";
            Settings["Alerts:Alertmanager:Password"] = "am-password-0123456789";
            Settings["Alerts:Grafana:Secret"] = GrafanaSecret;
            Settings["Alerts:Webhook:Secret"] = WebhookSecret;
            Settings["Alerts:AzureMonitor:TenantId"] = TenantId;
            Settings["Alerts:AzureMonitor:Audience"] = Audience;
        }
    }

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    /// <summary>The host's SQLite file; another host given it as <c>Storage:Sqlite:Path</c> is a second replica on the same store.</summary>
    public string DatabasePath => Path.Combine(_directory, "bot.db");

    public LocalIssuer Issuer { get; } = new(TenantId);

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Action<IServiceCollection>? ReplaceServices { get; set; }

    /// <summary>Slack as the cards see it: every post and update of the host.</summary>
    public RecordingChannel Slack { get; } = new(ChatPlatform.Slack);

    /// <summary>Teams as the cards see it.</summary>
    public RecordingChannel Teams { get; } = new(ChatPlatform.Teams);

    /// <summary>
    /// False (the default): the background processor and card refresher are not started, so what the intake recorded
    /// stays pending for the test to read, and tests process explicitly (<see cref="IncidentStateExtensions.ProcessAsync"/>,
    /// <see cref="IncidentStateExtensions.RefreshCardsAsync"/>).
    /// </summary>
    public bool BackgroundProcessing { get; init; }

    /// <summary>The host environment (Development by default; Production turns on what a deployed bot runs).</summary>
    public string Environment { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment(Environment);
        builder.UseSetting("Inventory:Path", InventoryPaths.Resolve("inventory"));
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Lab:Latency", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddKeyedSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(AzureMonitorAuthenticator.SigningKeysKey, Issuer.Configuration);
            if (!BackgroundProcessing)
            {
                services.RemoveAll<IHostedService>(d => d.ImplementationType == typeof(AlertProcessorService) || d.ImplementationType == typeof(AlertCardService));
            }

            services.RemoveAll<IChatChannel>(_ => true);
            services.AddSingleton<IChatChannel>(Slack);
            services.AddSingleton<IChatChannel>(Teams);

            ReplaceServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
