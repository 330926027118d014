namespace ChatNetOps.Slack.BlockKit;

using System.Collections.Concurrent;
using System.Text.Json;
using ChatNetOps.Core.Channels;
using ChatNetOps.Slack.Processing;
using Microsoft.Extensions.Options;

/// <summary>
/// The forms behind rendered buttons, kept in the shared <see cref="IChatStateStore"/> for
/// <see cref="SlackOptions.FormLifetime"/>, so a button rendered by one replica opens its form on any other and after a
/// restart. A form that is gone (expired) is answered with "run the command again", never guessed. Forms this process
/// stored are also cached in memory (bounded) until the same expiry: a form id is random and added once, so while its
/// entry is unexpired the store can hold nothing else under it, and the cache never changes the answer.
/// </summary>
internal sealed class FormStore(IChatStateStore store, TimeProvider time, IOptions<SlackOptions> options)
{
    public const string KeyPrefix = "slack:form:";

    public const int CacheCapacity = 20_000;

    private readonly ConcurrentDictionary<string, (CardForm Form, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <exception cref="ChatStateUnavailableException">The store failed; the form was not kept.</exception>
    public async Task AddAsync(CardForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var expires = time.GetUtcNow() + options.Value.FormLifetime;
        var json = JsonSerializer.Serialize(form, SlackJsonContext.Default.CardForm);
        bool added;
        try
        {
            added = await store.TryAddAsync(KeyPrefix + form.Id, json, expires, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatStateUnavailableException($"The chat state store failed while keeping form {form.Id}.", e);
        }

        if (!added)
        {
            throw new InvalidOperationException(
                $"Form id {form.Id} is already in the chat state store. Form ids are 96 random bits, so the store answered for a different key; check the IChatStateStore implementation.");
        }

        Cache(form, expires);
    }

    /// <summary>The form while it is unexpired; null when it never existed, has expired, or no longer reads as a form.</summary>
    /// <exception cref="ChatStateUnavailableException">The store failed; whether the form exists is unknown.</exception>
    public async Task<CardForm?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_cache.TryGetValue(id, out var entry) && entry.Expires > time.GetUtcNow())
        {
            return entry.Form;
        }

        string? json;
        try
        {
            json = await store.GetAsync(KeyPrefix + id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ChatStateUnavailableException($"The chat state store failed while reading form {id}.", e);
        }

        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, SlackJsonContext.Default.CardForm);
        }
        catch (JsonException)
        {
            return null; // written by a version with another form shape: as good as gone
        }
    }

    private void Cache(CardForm form, DateTimeOffset expires)
    {
        if (_cache.Count >= CacheCapacity)
        {
            var now = time.GetUtcNow();
            foreach (var (key, entry) in _cache)
            {
                if (entry.Expires <= now)
                {
                    _cache.TryRemove(key, out _);
                }
            }

            if (_cache.Count >= CacheCapacity)
            {
                // Still full: forget half; those forms are read from the store instead.
                foreach (var key in _cache.Keys.Take(_cache.Count - (CacheCapacity / 2)).ToList())
                {
                    _cache.TryRemove(key, out _);
                }
            }
        }

        _cache[form.Id] = (form, expires);
    }
}
