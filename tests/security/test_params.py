"""Bad query parameters are a 400 or 404 page in Chinese, never a 500; a GET on a POST-only
URL is the product's own 405 page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["training:compliance", "training:compliance_pdf"])
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "abc"])
def test_a_month_out_of_range_is_a_bad_request(demo, login, url_name, month):
    response = login("hr").get(reverse(url_name), {"month": month})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


def test_a_month_in_range_is_shown(demo, login):
    response = login("hr").get(reverse("training:compliance"), {"month": "2026-01"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name", ["archives:request_create", "archives:loan_create", "archives:request_outsider"]
)
@pytest.mark.parametrize("item", ["abc", "", "-1", "99999999999999999999", "１"])
def test_an_item_that_is_not_an_id_is_not_found(demo, login, url_name, item):
    response = login("archivist").get(reverse(url_name), {"item": item})
    assert response.status_code == 404
    assert "该页面不存在" in response.content.decode()


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["0001-01-01", "9999-99-99", "abc"])
def test_a_register_date_out_of_range_is_a_bad_request(demo, login, name, value):
    response = login("archivist").get(reverse("archives:loan_list"), {name: value})
    assert response.status_code == 400


def test_a_get_on_a_post_only_url_is_the_products_405_page(demo, login):
    response = login("hr").get(reverse("training:assign_monthly"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert "此操作不能作为页面打开" in html and "<html" in html
