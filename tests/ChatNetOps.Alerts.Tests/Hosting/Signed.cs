namespace ChatNetOps.Alerts.Tests.Hosting;

using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

/// <summary>Requests as each source sends them, signed independently of the code under test.</summary>
public static class Signed
{
    public static HttpRequestMessage Alertmanager(byte[] body, string? token = AlertsHost.BearerToken)
    {
        var request = Json("/api/alerts/alertmanager", body);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public static HttpRequestMessage Basic(string path, byte[] body, string user, string password)
    {
        var request = Json(path, body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        return request;
    }

    /// <summary>grafana/alerting http/hmac.go: hex(HMAC-SHA256(secret, [ts + ":"] + body)).</summary>
    public static HttpRequestMessage Grafana(byte[] body, string header = "X-Grafana-Alerting-Signature", string secret = AlertsHost.GrafanaSecret, string? timestampHeader = null, long? timestamp = null)
    {
        var request = Json("/api/alerts/grafana", body);
        var signed = body;
        if (timestampHeader is not null)
        {
            var ts = timestamp!.Value.ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(timestampHeader, ts);
            signed = [.. Encoding.ASCII.GetBytes(ts + ":"), .. body];
        }

        request.Headers.Add(header, Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        return request;
    }

    /// <summary>Standard Webhooks v1: v1,base64(HMAC-SHA256(key, id.ts.body)), computed here without the package.</summary>
    public static HttpRequestMessage Webhook(byte[] body, string id, DateTimeOffset at, string? secret = null, string? extraSignature = null)
    {
        var request = Json("/api/alerts/webhook", body);
        var ts = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String((secret ?? AlertsHost.WebhookSecret)["whsec_".Length..]);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(id + "." + ts + "."), .. body]));
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", ts);
        request.Headers.Add("webhook-signature", extraSignature is null ? signature : extraSignature + " " + signature);
        return request;
    }

    public static HttpRequestMessage AzureMonitor(byte[] body, string? token)
    {
        var request = Json("/api/alerts/azure-monitor", body);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public static HttpRequestMessage Json(string path, byte[] body) =>
        new(HttpMethod.Post, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };
}
