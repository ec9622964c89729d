"""Schemes and parameters, tariffs, medicines, devices, ALD list, providers, regions, documents."""
