namespace ChatNetOps.Core.Channels;

/// <summary>
/// Small, short-lived state a chat adapter shares between its replicas and keeps across restarts: the keys of
/// payloads already accepted (so a platform's retry is processed once whichever replica it lands on), and the data
/// behind a rendered button (a form). Keys and values are opaque strings of any length; adapters namespace their keys
/// (<c>slack:seen:…</c>, <c>slack:form:…</c>). An entry lives until its expiry (compared with the store's
/// <see cref="TimeProvider"/>); an expired entry is never returned and its key can be added again.
/// </summary>
public interface IChatStateStore
{
    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> until <paramref name="expiresAt"/> and returns true
    /// when the key has no unexpired entry (none yet, or only an expired one); otherwise changes nothing and returns
    /// false. Of any number of concurrent callers, in any number of processes sharing the store, exactly one gets true
    /// while the key is unexpired.
    /// </summary>
    Task<bool> TryAddAsync(string key, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The value stored under <paramref name="key"/> while it is unexpired; null when there is none or it has expired.</summary>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);
}
