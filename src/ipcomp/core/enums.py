"""Enumerations of the measures' vocabulary (Art. 3, 4, 7(1); 工信部联企业〔2011〕300号)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["IPKind", "Industry", "Rating", "RiskClass", "SizeClass"]


class Industry(StrEnum):
    """The 16 industry rows of the 2011 SME standard (工信部联企业〔2011〕300号, Art. 4)."""

    AGRICULTURE = "AGRICULTURE"  # 1 农、林、牧、渔业
    INDUSTRY = "INDUSTRY"  # 2 工业
    CONSTRUCTION = "CONSTRUCTION"  # 3 建筑业
    WHOLESALE = "WHOLESALE"  # 4 批发业
    RETAIL = "RETAIL"  # 5 零售业
    TRANSPORT = "TRANSPORT"  # 6 交通运输业
    WAREHOUSING = "WAREHOUSING"  # 7 仓储业
    POSTAL = "POSTAL"  # 8 邮政业
    ACCOMMODATION = "ACCOMMODATION"  # 9 住宿业
    CATERING = "CATERING"  # 10 餐饮业
    INFORMATION_TRANSMISSION = "INFORMATION_TRANSMISSION"  # 11 信息传输业
    SOFTWARE_IT = "SOFTWARE_IT"  # 12 软件和信息技术服务业
    REAL_ESTATE_DEVELOPMENT = "REAL_ESTATE_DEVELOPMENT"  # 13 房地产开发经营
    PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT"  # 14 物业管理
    LEASING_BUSINESS_SERVICES = "LEASING_BUSINESS_SERVICES"  # 15 租赁和商务服务业
    OTHER = "OTHER"  # 16 其他未列明行业


class SizeClass(StrEnum):
    """Enterprise size class under the 2011 standard."""

    LARGE = "LARGE"
    MEDIUM = "MEDIUM"
    SMALL = "SMALL"
    MICRO = "MICRO"

    @property
    def is_sme(self) -> bool:
        """True for medium, small and micro firms (Art. 3(1) 中小微企业).

        >>> SizeClass.MICRO.is_sme, SizeClass.LARGE.is_sme
        (True, False)
        """
        return self is not SizeClass.LARGE


_RATING_RANK = {"A": 4, "B": 3, "C": 2, "D": 1}


class Rating(StrEnum):
    """信保基金 business rating, A best (威政办发〔2019〕15号 Art. 3; Art. 3(2))."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def rank(self) -> int:
        """4 for A down to 1 for D: compare ratings by rank, never by letter."""
        return _RATING_RANK[self.value]

    # Ordered by rank, A best: Rating.A > Rating.C, sorted() gives D, C, B, A. A plain
    # letter compares as its rating; a str comparison by letter would invert the order.
    def _other_rank(self, other: object) -> int | None:
        if isinstance(other, str):
            if other not in _RATING_RANK:  # never fall back to comparing letters
                raise TypeError(f"cannot order a Rating against {other[:20]!r}")
            return _RATING_RANK[other]
        return None

    def __lt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank < rank

    def __le__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank <= rank

    def __gt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank > rank

    def __ge__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank >= rank

    def at_least(self, other: Rating) -> bool:
        """True when this rating is ``other`` or better ("C级以上" includes C, D2).

        >>> Rating.B.at_least(Rating.C), Rating.D.at_least(Rating.C)
        (True, False)
        >>> Rating.A > Rating.C, sorted([Rating.A, Rating.D, Rating.C])
        (True, [<Rating.D: 'D'>, <Rating.C: 'C'>, <Rating.A: 'A'>])
        """
        return _RATING_RANK[self] >= _RATING_RANK[other]  # members hash as their letter


class RiskClass(StrEnum):
    """Five-class loan risk classification (Art. 7(1); 金融资产风险分类办法 2023)."""

    NORMAL = "NORMAL"  # 正常
    SPECIAL_MENTION = "SPECIAL_MENTION"  # 关注
    SUBSTANDARD = "SUBSTANDARD"  # 次级
    DOUBTFUL = "DOUBTFUL"  # 可疑
    LOSS = "LOSS"  # 损失

    @property
    def non_performing(self) -> bool:
        """Substandard, doubtful and loss are non-performing (不良), D16.

        >>> RiskClass.SUBSTANDARD.non_performing, RiskClass.SPECIAL_MENTION.non_performing
        (True, False)
        """
        return self in _NON_PERFORMING


_NON_PERFORMING = frozenset({RiskClass.SUBSTANDARD, RiskClass.DOUBTFUL, RiskClass.LOSS})


class IPKind(StrEnum):
    """Kinds of intellectual property that can be pledged (Art. 4)."""

    PATENT = "PATENT"  # 专利权 (invention, utility model, design)
    TRADEMARK = "TRADEMARK"  # 商标权
    COPYRIGHT = "COPYRIGHT"  # 著作权
    SOFTWARE_COPYRIGHT = "SOFTWARE_COPYRIGHT"  # 软件著作权
    GEOGRAPHICAL_INDICATION = "GEOGRAPHICAL_INDICATION"  # 地理标志
    TRADE_SECRET = "TRADE_SECRET"  # 商业秘密
    OTHER = "OTHER"


#: Chinese names used in messages.
INDUSTRY_ZH = {
    Industry.AGRICULTURE: "农、林、牧、渔业",
    Industry.INDUSTRY: "工业",
    Industry.CONSTRUCTION: "建筑业",
    Industry.WHOLESALE: "批发业",
    Industry.RETAIL: "零售业",
    Industry.TRANSPORT: "交通运输业",
    Industry.WAREHOUSING: "仓储业",
    Industry.POSTAL: "邮政业",
    Industry.ACCOMMODATION: "住宿业",
    Industry.CATERING: "餐饮业",
    Industry.INFORMATION_TRANSMISSION: "信息传输业",
    Industry.SOFTWARE_IT: "软件和信息技术服务业",
    Industry.REAL_ESTATE_DEVELOPMENT: "房地产开发经营",
    Industry.PROPERTY_MANAGEMENT: "物业管理",
    Industry.LEASING_BUSINESS_SERVICES: "租赁和商务服务业",
    Industry.OTHER: "其他未列明行业",
}

SIZE_ZH = {
    SizeClass.LARGE: "大型",
    SizeClass.MEDIUM: "中型",
    SizeClass.SMALL: "小型",
    SizeClass.MICRO: "微型",
}

IP_KIND_ZH = {
    IPKind.PATENT: "专利权",
    IPKind.TRADEMARK: "商标权",
    IPKind.COPYRIGHT: "著作权",
    IPKind.SOFTWARE_COPYRIGHT: "软件著作权",
    IPKind.GEOGRAPHICAL_INDICATION: "地理标志",
    IPKind.TRADE_SECRET: "商业秘密",
    IPKind.OTHER: "其他知识产权",
}
