namespace ChatNetOps.Teams.Connector;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Teams.Activities;

/// <summary>
/// Calls the Connector with a bot token (none when authentication is disabled), only at trusted serviceUrls, pacing
/// sends per conversation and retrying transient answers (<see cref="ConnectorResilience"/>).
/// </summary>
internal sealed class ConnectorClient(
    IHttpClientFactory httpClientFactory,
    IConnectorTokenProvider tokens,
    ServiceUrlRegistry serviceUrls,
    ConversationRateLimiter rateLimiter) : IConnectorClient
{
    public const string HttpClientName = "ChatNetOps.Teams.Connector";

    private HttpClient Http => httpClientFactory.CreateClient(HttpClientName);

    public async Task<ResourceResponse> SendAsync(Uri serviceUrl, string conversationId, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Escape(conversationId)}/activities"
            + (string.IsNullOrEmpty(activity.ReplyToId) ? string.Empty : "/" + Escape(activity.ReplyToId));
        await rateLimiter.WaitAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await SendJsonAsync(HttpMethod.Post, serviceUrl, path, activity, TeamsJsonContext.Default.TeamsActivity, TeamsJsonContext.Default.ResourceResponse, cancellationToken).ConfigureAwait(false)
            ?? new ResourceResponse(null);
    }

    public async Task<ResourceResponse> UpdateAsync(Uri serviceUrl, string conversationId, string activityId, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        await rateLimiter.WaitAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await SendJsonAsync(HttpMethod.Put, serviceUrl, path, activity with { Id = activityId }, TeamsJsonContext.Default.TeamsActivity, TeamsJsonContext.Default.ResourceResponse, cancellationToken).ConfigureAwait(false)
            ?? new ResourceResponse(activityId);
    }

    public async Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        await rateLimiter.WaitAsync("create:" + serviceUrl.Host, cancellationToken).ConfigureAwait(false);
        return await SendJsonAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, TeamsJsonContext.Default.ConversationParameters, TeamsJsonContext.Default.ConversationResourceResponse, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorException(HttpStatusCode.OK, null, "The Connector created a conversation but returned no id.");
    }

    public async Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", cancellationToken).ConfigureAwait(false);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(TeamsJsonContext.Default.ChannelAccount, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        var members = new List<ChannelAccount>();
        string? continuation = null;
        do
        {
            var path = $"v3/conversations/{Escape(conversationId)}/pagedmembers?pageSize=500"
                + (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
            using var request = await CreateRequestAsync(HttpMethod.Get, serviceUrl, path, cancellationToken).ConfigureAwait(false);
            using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var page = await response.Content.ReadFromJsonAsync(TeamsJsonContext.Default.PagedMembersResult, cancellationToken).ConfigureAwait(false);
            members.AddRange(page?.Members ?? []);
            continuation = string.IsNullOrEmpty(page?.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null && members.Count < 10_000);

        return members;
    }

    private async Task<TResponse?> SendJsonAsync<TBody, TResponse>(HttpMethod method, Uri serviceUrl, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = await CreateRequestAsync(method, serviceUrl, path, cancellationToken).ConfigureAwait(false);
        request.Content = JsonContent.Create(body, bodyType);
        await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, Uri serviceUrl, string path, CancellationToken cancellationToken)
    {
        var baseUrl = ServiceUrlRegistry.Normalize(serviceUrl.AbsoluteUri);
        if (baseUrl is null || !serviceUrls.IsTrusted(baseUrl))
        {
            throw new InvalidOperationException($"Refusing to call {serviceUrl.Host}: only serviceUrls that arrived in a validated activity are called.");
        }

        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
                message = error.TryGetProperty("message", out var m) ? m.ToString() : null;
            }
        }
        catch (JsonException)
        {
        }

        throw new ConnectorException(response.StatusCode, code, $"The Connector answered {(int)response.StatusCode} {response.ReasonPhrase} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}" + (code is null ? "." : $": {code} {message}"));
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
