namespace ChatNetOps.Slack.BlockKit;

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

/// <summary>
/// The forms behind rendered buttons, kept in memory for <see cref="SlackOptions.FormLifetime"/> (bounded). A form
/// that is gone (restart, another replica, expiry) is answered with "run the command again", never guessed.
/// </summary>
internal sealed class FormStore(TimeProvider time, IOptions<SlackOptions> options)
{
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, (CardForm Form, DateTimeOffset Expires)> _forms = new(StringComparer.Ordinal);

    public void Add(CardForm form)
    {
        var now = time.GetUtcNow();
        if (_forms.Count >= Capacity)
        {
            foreach (var (key, entry) in _forms)
            {
                if (entry.Expires <= now)
                {
                    _forms.TryRemove(key, out _);
                }
            }

            while (_forms.Count >= Capacity && _forms.Keys.FirstOrDefault() is { } oldest)
            {
                _forms.TryRemove(oldest, out _);
            }
        }

        _forms[form.Id] = (form, now + options.Value.FormLifetime);
    }

    public CardForm? Find(string id) =>
        _forms.TryGetValue(id, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Form : null;
}
