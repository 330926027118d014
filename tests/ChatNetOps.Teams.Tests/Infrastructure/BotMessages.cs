namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>POST /api/messages as the Bot Connector sends it: the activity, with a token signed by a test key.</summary>
public static class BotMessages
{
    /// <summary>Posts with a bearer token (none when <paramref name="token"/> is null).</summary>
    public static async Task<HttpResponseMessage> PostAsync(this TeamsBotFactory bot, JsonObject activity, string? token)
    {
        using var client = bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Posts with a valid token for the bot's app id and <paramref name="serviceUrl"/>, signed by <paramref name="key"/>.</summary>
    public static Task<HttpResponseMessage> PostSignedAsync(this TeamsBotFactory bot, JsonObject activity, TestKey key, Uri serviceUrl) =>
        bot.PostAsync(activity, OpenIdTestServer.CreateToken(key, TeamsBotFactory.AppId, serviceUrl.AbsoluteUri));
}
