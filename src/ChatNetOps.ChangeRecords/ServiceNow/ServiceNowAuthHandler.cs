namespace ChatNetOps.ChangeRecords.ServiceNow;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.Options;

/// <summary>
/// Adds ServiceNow credentials to each request: basic (Username/Password) or an OAuth bearer from the client credentials
/// grant (<c>POST /oauth_token.do</c>, cached until a minute before <c>expires_in</c>, dropped after a 401). The token
/// request goes through the same pipeline's inner handler, never through a log.
/// </summary>
internal sealed class ServiceNowAuthHandler(IOptions<ServiceNowOptions> options, TimeProvider time) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenUntil;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesOAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(settings, cancellationToken));
        }
        else
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (settings.UsesOAuth && response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            _token = null;
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<string> TokenAsync(ServiceNowOptions settings, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _tokenUntil)
            {
                return _token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.InstanceUrl!, "/oauth_token.do"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.ClientId!,
                    ["client_secret"] = settings.ClientSecret ?? string.Empty,
                }),
            };
            using var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await Http.HttpFailure.FromAsync("ServiceNow", "the OAuth token request", response, "ChangeRecords:ServiceNow:ClientId and ClientSecret (and that the client credentials grant is enabled on the instance)", time, cancellationToken);
                throw failure;
            }

            var token = await response.Content.ReadFromJsonAsync(ServiceNowJsonContext.Default.OAuthToken, cancellationToken);
            if (string.IsNullOrEmpty(token?.AccessToken))
            {
                throw new ChangeRecordException("ServiceNow's /oauth_token.do answered without an access_token.", transient: true);
            }

            _token = token.AccessToken;
            _tokenUntil = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(token.ExpiresIn - 60, 30));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal sealed record OAuthToken(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

[JsonSerializable(typeof(OAuthToken))]
internal sealed partial class ServiceNowJsonContext : JsonSerializerContext;
