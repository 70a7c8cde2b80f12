using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HomeSer.Web.Data;

/// <summary>
/// A compiled query per EF model. EF binds a compiled query to the model it first runs on, and one process can hold
/// two models (SQLite's and PostgreSQL's: the tests run hosts of both side by side).
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db)
    {
        var model = db.Model;
        return _compiled.TryGetValue(model, out var query) ? query : _compiled.GetValue(model, _ => compile());
    }
}
