import cProfile, pstats, time, io
import pytest
from casework.accounts.models import User
from tests.factories import client_for, make_case, case_at, upload
from tests.cases.test_queries import enrich, make_cases
from casework.cases import services

pytestmark = [pytest.mark.django_db]

def timeit(client, url, n=40):
    client.get(url)
    t=[]
    for _ in range(n):
        s=time.perf_counter(); r=client.get(url); t.append(time.perf_counter()-s)
        assert r.status_code==200, r.status_code
    t.sort(); return t[len(t)//2]*1000

def test_profile(caseworker, colleague, director, settings):
    settings.DEBUG=False
    make_cases(caseworker, colleague, director, 200, seed=1)
    case = make_case(caseworker)
    enrich(case, caseworker)
    case = services.case_submit(case=case, actor=caseworker, expected_version=None)
    case = services.case_start_review(case=case, actor=director, expected_version=None)
    su = User.objects.create_superuser("root","r@e.org","x"*16)
    c = client_for(director); a = client_for(su); w=client_for(caseworker)
    d = timeit(c, f"/cases/{case.reference}/")
    ad = timeit(a, f"/admin/cases/case/{case.pk}/change/")
    cw = timeit(w, f"/cases/?status=in_review")
    st = timeit(c, f"/cases/")
    bare = timeit(w, "/healthz")
    print(f"\nDETAIL {d:.1f}ms ADMIN {ad:.1f}ms ratio {d/ad:.2f} LIST(cw) {cw:.1f}ms LIST(staff) {st:.1f} bare {bare:.1f}")
    for name,cl,url in (("detail",c,f"/cases/{case.reference}/"),("list",w,"/cases/?status=in_review")):
        pr = cProfile.Profile(); pr.enable()
        for _ in range(20): cl.get(url)
        pr.disable()
        s=io.StringIO(); pstats.Stats(pr,stream=s).sort_stats("cumulative").print_stats(60); open(f"/tmp/prof/{name}.txt","w").write(s.getvalue())
